import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InternalServerError } from '../errors/index.js';
import { MAX_SSE_EVENT_CHARS } from '../http/sse-reader.js';
import type { SseRelayHooks } from './sse-relay.js';
import { relayVerbatimSse } from './sse-relay.js';

const encoder = new TextEncoder();
const hooks: SseRelayHooks = {
  includeUsage: false,
  onRead: () => undefined,
  onUsage: () => undefined,
  accept: (chunk) => chunk,
};
const parseEvent = () => undefined;

test('the verbatim relay stops an upstream event that never ends, and releases the upstream', async () => {
  let sent = 0;
  let released = false;
  async function* endless() {
    try {
      yield encoder.encode('data: {"usage":null}\n\ndata: {"x":"');
      const piece = encoder.encode('a'.repeat(64 * 1024));
      while (true) {
        sent += piece.length;
        yield piece;
      }
    } finally {
      released = true;
    }
  }
  const out: string[] = [];
  const failure = await (async () => {
    for await (const text of relayVerbatimSse({ body: endless(), parseEvent }, hooks)) out.push(text);
  })().catch((error: unknown) => error);
  assert.ok(failure instanceof InternalServerError);
  assert.match(failure.message, /stream event larger than 8 MB/);
  assert.deepEqual(out, ['data: {"usage":null}\n\n']);
  assert.ok(released);
  assert.ok(sent <= MAX_SSE_EVENT_CHARS + 128 * 1024);
});

test('CRLF, CR and LF line ends split at every byte boundary relay as LF events', async () => {
  // `"usage":null` on every chunk, as OpenAI sends once usage was asked for: the relay stays verbatim.
  const text =
    'data: {"usage":null}\r\n\r\ndata: {"usage":null,"b":2}\r\rdata: {"c":3}\n\n: comment\r\n\r\ndata: {"d":4}\r\n';
  const bytes = encoder.encode(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    async function* body() {
      yield bytes.subarray(0, cut);
      yield bytes.subarray(cut);
    }
    const out: string[] = [];
    for await (const piece of relayVerbatimSse({ body: body(), parseEvent }, hooks)) out.push(piece);
    assert.equal(
      out.join(''),
      'data: {"usage":null}\n\ndata: {"usage":null,"b":2}\n\ndata: {"c":3}\n\n: comment\n\ndata: {"d":4}\n\n',
      `cut at ${cut}`,
    );
  }
});
