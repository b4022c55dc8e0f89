import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { openRaw } from '../../test-support/raw-http.js';

const KEY = 'sk-abuse';
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
type ErrorJson = { error: { message: string; type: string; param: unknown; code: unknown } };

function deep(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A chat body whose `tools` or content part holds `inner` (raw JSON text). */
function chatWith(where: 'tools' | 'content', inner: string): string {
  if (where === 'tools')
    return `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","x":${inner}}}}]}`;
  return `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi","extra":${inner}}]}]}`;
}

function assertCleanError(json: ErrorJson): void {
  assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message', 'param', 'type']);
  assert.doesNotMatch(json.error.message, /at .*\.(ts|js):\d+|Maximum call stack/);
}

describe('request bodies: depth, size and auth before the body', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await startMockUpstream((_request, response) =>
      replyJson(response, 200, readJsonFixture('openai/chat-text.json')),
    );
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/gpt-4o', api_base: upstream.url, api_key: 'k' },
          model_info: {},
        },
      ],
      general_settings: { master_key: KEY, max_request_size_mb: 32 },
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  async function post(body: string, headers: Record<string, string> = auth, path = '/v1/chat/completions') {
    const response = await fetch(`${proxy.url}${path}`, { method: 'POST', headers, body });
    return { status: response.status, json: (await response.json()) as ErrorJson };
  }

  test('20 MB of `[` gets a 400 about nesting, and a normal request is served meanwhile', async () => {
    const hostile = post('['.repeat(20_000_000));
    const normal = post(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    const [bad, good] = await Promise.all([hostile, normal]);
    assert.equal(good.status, 200);
    assert.equal(bad.status, 400);
    assertCleanError(bad.json);
    assert.equal(bad.json.error.type, 'invalid_request_error');
    assert.match(bad.json.error.message, /nested deeper than 100 levels/);
    assert.match(bad.json.error.message, /max_request_json_depth/);
  });

  for (const where of ['tools', 'content'] as const) {
    test(`a body nested 100k levels inside ${where} is a 400, never a connection error`, async () => {
      const before = upstream.requests.length;
      const { status, json } = await post(chatWith(where, deep(100_000)));
      assert.equal(status, 400);
      assertCleanError(json);
      assert.equal(json.error.type, 'invalid_request_error');
      assert.equal(upstream.requests.length, before, 'the upstream is not called');
    });
  }

  test('nesting within the limit passes', async () => {
    const { status } = await post(chatWith('tools', `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`));
    assert.equal(status, 200);
  });

  test('a bad key is refused from the headers alone: the 401 comes before any body byte is sent', async () => {
    const raw = await openRaw(proxy.url);
    raw.socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Type: application/json\r\nContent-Length: 30000000\r\n\r\n',
    );
    const text = await raw.waitFor('\r\n\r\n');
    assert.match(text, /^HTTP\/1\.1 401 /);
    assert.match(text, /connection: close/i);
    await raw.closed();
  });

  test('an unknown path is refused before the body too', async () => {
    const raw = await openRaw(proxy.url);
    raw.socket.write(
      `POST /v1/nothing HTTP/1.1\r\nHost: x\r\n${'Authorization: Bearer '}${KEY}\r\nContent-Length: 30000000\r\n\r\n`,
    );
    assert.match(await raw.waitFor('\r\n\r\n'), /^HTTP\/1\.1 404 /);
    await raw.closed();
  });

  test('a client sending a big body without a key gets the 401 (fetch)', async () => {
    const { status, json } = await post('x'.repeat(5_000_000), { 'content-type': 'application/json' });
    assert.equal(status, 401);
    assertCleanError(json);
  });

  test('a chunked body (no Content-Length) over the limit gets a 413', async () => {
    const small = await startTestProxy({
      model_list: [
        { model_name: 'm', litellm_params: { model: 'openai/gpt-4o', mock_response: 'ok' }, model_info: {} },
      ],
      general_settings: { master_key: KEY, max_request_size_mb: 0.01 },
    });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const outgoing = httpRequest(
          `${small.url}/v1/chat/completions`,
          { method: 'POST', headers: auth },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        outgoing.on('error', reject);
        assert.equal(outgoing.getHeader('content-length'), undefined);
        const piece = 'x'.repeat(1024);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && !outgoing.destroyed) {
            sent++;
            if (!outgoing.write(piece)) return void outgoing.once('drain', pump);
          }
          outgoing.end();
        };
        pump();
      });
      assert.equal(status, 413);
    } finally {
      await small.stop();
    }
  });

  for (const path of ['/openai/deployments/%E0%A4%A/chat/completions', '/v1/%zz', '/engines/%/completions']) {
    test(`a bad percent-escape in ${path} is a 4xx, not a 500`, async () => {
      const { status, json } = await post(JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }), auth, path);
      assert.ok(status === 400 || status === 404, `status ${status}`);
      assertCleanError(json);
    });
  }
});
