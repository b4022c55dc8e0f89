import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { openRaw } from '../../test-support/raw-http.js';

const mockModel = [
  { model_name: 'm', litellm_params: { model: 'openai/gpt-4o', mock_response: 'ok' }, model_info: {} },
];
const CHAT = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
const chatRequest = (extra = '') =>
  `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${CHAT.length}\r\n${extra}\r\n${CHAT}`;

describe('slow and idle clients are cut off (timeouts set to 1 s here)', () => {
  let proxy: RunningProxy;
  before(async () => {
    proxy = await startTestProxy({
      model_list: mockModel,
      general_settings: { client_headers_timeout_seconds: 1, client_request_timeout_seconds: 1, keepalive_timeout: 1 },
    });
  });
  after(() => proxy.stop());

  test('slowloris: headers that never finish → the server closes the connection', async () => {
    const raw = await openRaw(proxy.url);
    raw.socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    await raw.closed();
  });

  test('a body that never finishes → the server answers 408 or closes', async () => {
    const raw = await openRaw(proxy.url);
    raw.socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":',
    );
    await raw.closed();
    assert.ok(raw.received() === '' || /^HTTP\/1\.1 408 /.test(raw.received()), raw.received().slice(0, 100));
  });

  test('an idle keep-alive connection is closed after keepalive_timeout, once its answer was sent', async () => {
    const raw = await openRaw(proxy.url);
    raw.socket.write(chatRequest());
    assert.match(await raw.waitFor('"ok"'), /^HTTP\/1\.1 200 /);
    await raw.closed();
  });

  test('a request sent in time is served normally', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: CHAT,
    });
    assert.equal(response.status, 200);
  });
});

describe('max_connections caps concurrent client connections', () => {
  let proxy: RunningProxy;
  before(async () => {
    proxy = await startTestProxy({ model_list: mockModel, general_settings: { max_connections: 2 } });
  });
  after(() => proxy.stop());

  /** New clients until one is served: the server learns of a freed place asynchronously (bounded tries). */
  async function servedOnceRoomIsFree(): Promise<void> {
    let served = '';
    for (let attempt = 0; attempt < 50 && !served.startsWith('HTTP/1.1 200'); attempt++) {
      const next = await openRaw(proxy.url);
      next.socket.write(chatRequest('Connection: close\r\n'));
      await next.closed();
      served = next.received();
    }
    assert.match(served, /^HTTP\/1\.1 200 /);
  }

  test('a connection past the cap is closed unanswered; once one leaves, requests are served again', async () => {
    // Two connections in the middle of a request hold both places.
    const holders = [await openRaw(proxy.url), await openRaw(proxy.url)];
    for (const holder of holders) holder.socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
    const third = await openRaw(proxy.url);
    third.socket.write(chatRequest());
    await third.closed();
    assert.equal(third.received(), '', 'no answer past the cap');
    holders[0]?.socket.destroy();
    await holders[0]?.closed();
    await servedOnceRoomIsFree();
    holders[1]?.socket.destroy();
  });

  test('idle keep-alive connections give way to a new client at the cap', async () => {
    const idle = [await openRaw(proxy.url), await openRaw(proxy.url)];
    for (const connection of idle) {
      connection.socket.write(chatRequest());
      await connection.waitFor('"ok"');
    }
    // The first new connection is refused, and closing the idle ones makes room for the next.
    await servedOnceRoomIsFree();
    for (const connection of idle) await connection.closed();
  });
});
