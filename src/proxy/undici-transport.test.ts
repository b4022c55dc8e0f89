import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type MockUpstream, startMockUpstream } from '../../test-support/mock-upstream.js';
import { Cancellation } from '../http/cancellation.js';
import { createUndiciTransport } from './undici-transport.js';

let upstream: MockUpstream;
const { transport, close } = createUndiciTransport();

before(async () => {
  upstream = await startMockUpstream((request, response) => {
    if (request.url === '/slow') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {}\n\n');
      return; // never ends: the caller must abort
    }
    response.setHeader('set-cookie', ['a=1', 'b=2']);
    response.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining-requests': '99' });
    response.end(JSON.stringify({ echo: request.json(), auth: request.headers.authorization }));
  });
});
after(async () => {
  await close();
  await upstream.close();
});

test('sends the request through the pooled agent and returns status, lower-case headers (repeated ones joined) and body', async () => {
  const response = await transport({
    url: `${upstream.url}/v1/echo?x=1`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({ hello: 'world' }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers['x-ratelimit-remaining-requests'], '99');
  assert.equal(response.headers['set-cookie'], 'a=1, b=2');
  assert.deepEqual(JSON.parse(await response.text()), { echo: { hello: 'world' }, auth: 'Bearer sk-test' });
  assert.equal(upstream.requests.at(-1)?.url, '/v1/echo?x=1');
});

test('a Cancellation aborts the upstream request mid-stream, and the upstream sees the connection close', {
  timeout: 20_000,
}, async () => {
  const cancel = new Cancellation();
  const response = await transport({ url: `${upstream.url}/slow`, method: 'POST', headers: {}, body: '{}', cancel });
  const reading = (async () => {
    for await (const _piece of response.body) cancel.abort(new DOMException('client disconnected', 'AbortError'));
  })();
  await assert.rejects(reading, (error: Error) => error.name === 'AbortError');
  for (let waited = 0; upstream.aborted.length === 0 && waited < 10_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(upstream.aborted.at(-1)?.url, '/slow');
});
