import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testCallContext } from '../../test-support/call-context.js';
import { APIConnectionError, InternalServerError, LLMuxError } from '../errors/index.js';
import type { Transport, TransportResponse } from '../spec/transport.js';
import { readCappedText } from './read-capped-text.js';
import { sendRequest } from './send-request.js';

function send(transport: Transport, body: unknown = { model: 'gpt-4o' }) {
  return sendRequest({
    context: testCallContext({ apiBase: 'http://upstream.test', modelId: 'gpt-4o', transport }),
    provider: 'openai',
    url: 'http://upstream.test/v1/chat/completions',
    headers: {},
    body,
  });
}

const failWith =
  (error: unknown): Transport =>
  async () => {
    throw error;
  };

describe('only transport failures are connection errors', () => {
  test('socket, DNS and wrapped fetch failures → APIConnectionError', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    await assert.rejects(send(failWith(refused)), APIConnectionError);
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    await assert.rejects(send(failWith(socket)), APIConnectionError);
    await assert.rejects(send(failWith(new TypeError('fetch failed', { cause: refused }))), APIConnectionError);
  });

  for (const bug of [
    new RangeError('Maximum call stack size exceeded'),
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    Object.assign(new TypeError('The "chunk" argument must be of type string'), { code: 'ERR_INVALID_ARG_TYPE' }),
  ]) {
    test(`${bug.name} "${bug.message.slice(0, 30)}" from our own code is not blamed on the upstream`, async () => {
      const rejection = await send(failWith(bug)).catch((error: unknown) => error);
      assert.equal(rejection, bug, 'passed on as it is: the gateway turns it into a generic 500');
      assert.ok(!(rejection instanceof LLMuxError));
    });
  }

  test('a body that cannot be serialised fails before the transport, as our error', async () => {
    let called = false;
    const rejection = await send(
      async () => {
        called = true;
        throw new Error('unreachable');
      },
      { n: 1n },
    ).catch((error: unknown) => error);
    assert.ok(rejection instanceof TypeError);
    assert.equal(called, false);
  });
});

describe('error bodies are read with a cap', () => {
  test('an endless error body is cut at 1 MB and the stream is released', async () => {
    let released = false;
    let sent = 0;
    const endless: AsyncIterable<Uint8Array> = {
      async *[Symbol.asyncIterator]() {
        try {
          const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
          while (true) {
            sent += piece.length;
            yield piece;
          }
        } finally {
          released = true;
        }
      },
    };
    const response: TransportResponse = {
      status: 500,
      headers: {},
      body: endless,
      text: () => Promise.reject(new Error('an unbounded read')),
    };
    const rejection = await send(async () => response).catch((error: unknown) => error);
    assert.ok(rejection instanceof InternalServerError);
    assert.match(rejection.message, /cut at 1 MB/);
    assert.ok(rejection.message.length < 3000);
    assert.ok(released, 'the upstream body was released');
    assert.ok(sent <= 1024 * 1024 + 64 * 1024);
  });

  test('readCappedText keeps multi-byte characters whole below the cap and reports a cut', async () => {
    async function* pieces() {
      const bytes = new TextEncoder().encode('héllo wörld');
      yield bytes.subarray(0, 2);
      yield bytes.subarray(2);
    }
    assert.deepEqual(await readCappedText(pieces(), 100), { text: 'héllo wörld', truncated: false });
    assert.deepEqual(await readCappedText(pieces(), 6), { text: 'héllo', truncated: true });
  });
});
