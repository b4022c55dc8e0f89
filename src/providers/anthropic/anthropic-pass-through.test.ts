import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testCallContext } from '../../../test-support/call-context.js';
import { listFixtures, readChunkLines, readFixture } from '../../../test-support/fixtures.js';
import { collect, seededRandom } from '../../../test-support/mock-upstream.js';
import { APIConnectionError, InternalServerError, RateLimitError } from '../../errors/index.js';
import { MAX_SSE_EVENT_CHARS } from '../../http/sse-reader.js';
import type { PassThroughRequest, PassThroughResult } from '../../spec/provider.js';
import type { Transport, TransportRequest } from '../../spec/transport.js';
import { expectedFromLines, framesWithPings, SEEDS } from './__fixtures__/anthropic-test-helpers.js';
import { anthropicProvider } from './index.js';

const encoder = new TextEncoder();
const STREAM_FIXTURES = listFixtures('anthropic').filter((name) => name.endsWith('.chunks.txt'));
const TEXT_LINES = readChunkLines('anthropic/text.chunks.txt');
const TEXT_FRAMES = framesWithPings(TEXT_LINES);

interface CannedReply {
  status?: number;
  headers?: Record<string, string>;
  /** The body's reads; an `Error` is thrown by the body at that point (a broken connection). */
  reads: (string | Uint8Array | Error)[];
}

/** A transport answering from memory, recording what was sent and whether the body was released. */
function cannedTransport(reply: CannedReply) {
  const seen: { request?: TransportRequest; released: boolean; readsTaken: number } = {
    released: false,
    readsTaken: 0,
  };
  const transport: Transport = async (request) => {
    seen.request = request;
    async function* body() {
      try {
        for (const read of reply.reads) {
          if (read instanceof Error) throw read;
          seen.readsTaken++;
          yield typeof read === 'string' ? encoder.encode(read) : read;
        }
      } finally {
        seen.released = true;
      }
    }
    const text = async () => {
      let all = '';
      for (const read of reply.reads) all += typeof read === 'string' ? read : '';
      return all;
    };
    return { status: reply.status ?? 200, headers: reply.headers ?? {}, body: body(), text };
  };
  return { transport, seen };
}

/** `text` cut into random byte pieces (seeded). */
function randomReads(text: string, seed: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const random = seededRandom(seed);
  const reads: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(random() * 48);
    reads.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return reads;
}

const messagesRequest = (overrides: Partial<PassThroughRequest> = {}): PassThroughRequest => ({
  format: 'anthropic',
  endpoint: 'messages',
  body: { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], top_k: 5 },
  headers: {},
  stream: false,
  ...overrides,
});

function passThrough(reply: CannedReply, request: PassThroughRequest = messagesRequest()) {
  const { transport, seen } = cannedTransport(reply);
  const context = testCallContext({
    apiBase: 'https://anthropic.test/v1',
    modelId: 'claude-sonnet-4-5',
    apiKey: 'sk-ant-deployment',
    transport,
  });
  const passThroughCall = anthropicProvider.passThrough;
  assert.ok(passThroughCall, 'the Anthropic provider has the pass-through capability');
  return { result: passThroughCall(request, context), seen };
}

/** Reads a streamed body to its end or its error: the pieces yielded, and what was thrown. */
async function drain(result: PassThroughResult): Promise<{ pieces: string[]; failure: unknown }> {
  assert.ok(typeof result.body !== 'string', 'a stream');
  const pieces: string[] = [];
  try {
    for await (const piece of result.body) pieces.push(piece);
  } catch (error) {
    return { pieces, failure: error };
  }
  return { pieces, failure: undefined };
}

describe('anthropic pass-through: a request in Anthropic format', () => {
  test('goes to /v1/messages with the deployment model and key, the client version and betas, and nothing else of the client', async () => {
    const answer = readFixture('anthropic/text.json');
    const { result, seen } = passThrough(
      {
        headers: {
          'content-type': 'application/json',
          'anthropic-ratelimit-requests-remaining': '7',
          'request-id': 'req_1',
          'set-cookie': 'upstream=1',
        },
        reads: [answer],
      },
      messagesRequest({
        headers: { 'Anthropic-Version': '2024-01-01', 'anthropic-beta': 'files-api-2025-04-14', authorization: 'x' },
      }),
    );
    const { headers, body, usage } = await result;
    assert.equal(seen.request?.url, 'https://anthropic.test/v1/messages');
    assert.equal(seen.request?.headers['x-api-key'], 'sk-ant-deployment');
    assert.equal(seen.request?.headers['anthropic-version'], '2024-01-01');
    assert.equal(seen.request?.headers['anthropic-beta'], 'files-api-2025-04-14');
    assert.equal(seen.request?.headers.authorization, undefined);
    assert.deepEqual(JSON.parse(String(seen.request?.body)), {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
      top_k: 5,
    });
    assert.equal(body, answer, 'the answer comes back byte for byte');
    assert.deepEqual(headers, {
      'content-type': 'application/json',
      'anthropic-ratelimit-requests-remaining': '7',
      'request-id': 'req_1',
    });
    const fixtureUsage = JSON.parse(answer).usage;
    assert.equal(usage()?.prompt_tokens, fixtureUsage.input_tokens);
    assert.equal(usage()?.completion_tokens, fixtureUsage.output_tokens);
  });

  test('without a client version, the one llmux speaks is sent', async () => {
    const { result, seen } = passThrough({ reads: ['{"usage":{"input_tokens":3,"output_tokens":1}}'] });
    await result;
    assert.match(seen.request?.headers['anthropic-version'] ?? '', /^\d{4}-\d{2}-\d{2}$/);
  });

  test('count_tokens goes to its own endpoint and counts no usage', async () => {
    const { result, seen } = passThrough(
      { reads: ['{"input_tokens":17}'] },
      messagesRequest({ endpoint: 'count_tokens', body: { model: 'claude', messages: [] } }),
    );
    const { body, usage } = await result;
    assert.equal(seen.request?.url, 'https://anthropic.test/v1/messages/count_tokens');
    assert.equal(body, '{"input_tokens":17}');
    assert.equal(usage(), undefined);
  });

  test("an upstream error status is Anthropic's typed error", async () => {
    const { result } = passThrough({
      status: 429,
      reads: ['{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}'],
    });
    await assert.rejects(
      result,
      (error: unknown) => error instanceof RateLimitError && /slow down/.test(error.message),
    );
  });
});

describe('anthropic pass-through: a stream', () => {
  for (const fixture of STREAM_FIXTURES) {
    for (const seed of SEEDS) {
      test(`${fixture} (split seed ${seed}) passes byte for byte, whole events per piece, usage on the side`, async () => {
        const lines = readChunkLines(`anthropic/${fixture}`);
        const text = framesWithPings(lines).join('');
        const { result } = passThrough({ reads: randomReads(text, seed) }, messagesRequest({ stream: true }));
        const { headers, body, usage } = await result;
        assert.equal(headers['content-type'], 'text/event-stream');
        const { pieces, failure } = await drain({ headers, body, usage });
        assert.equal(failure, undefined);
        assert.equal(pieces.join(''), text);
        for (const piece of pieces) assert.match(piece, /^event: [\s\S]*\n\n$/, 'only whole events');
        const expected = expectedFromLines(lines);
        assert.equal(usage()?.prompt_tokens, expected.promptTokens);
        assert.equal(usage()?.completion_tokens, expected.completionTokens);
        assert.equal(usage()?.cache_read_input_tokens, expected.cacheRead);
        assert.equal(usage()?.cache_creation_input_tokens, expected.cacheCreation);
      });
    }
  }

  test('CRLF framing passes as it came', async () => {
    const text = TEXT_FRAMES.join('').replaceAll('\n', '\r\n');
    const { result } = passThrough({ reads: randomReads(text, 5) }, messagesRequest({ stream: true }));
    const { pieces, failure } = await drain(await result);
    assert.equal(failure, undefined);
    assert.equal(pieces.join(''), text);
  });

  test('a last message_stop without its blank line is completed', async () => {
    const text = TEXT_FRAMES.join('').replace(/\n\n$/, '');
    const { result } = passThrough({ reads: [text] }, messagesRequest({ stream: true }));
    const { pieces, failure } = await drain(await result);
    assert.equal(failure, undefined);
    assert.equal(pieces.join(''), `${text}\n\n`);
  });

  test('an upstream error event is forwarded and ends the stream without a throw', async () => {
    const error = 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const { result } = passThrough(
      { reads: [TEXT_FRAMES.slice(0, 3).join(''), error] },
      messagesRequest({ stream: true }),
    );
    const resolved = await result;
    const { pieces, failure } = await drain(resolved);
    assert.equal(failure, undefined);
    assert.equal(pieces.join(''), TEXT_FRAMES.slice(0, 3).join('') + error);
    assert.ok((resolved.usage()?.prompt_tokens ?? 0) > 0, 'the usage of message_start is kept');
  });

  test('a stream that ends before message_stop throws after its whole events; a torn last event is held back', async () => {
    const whole = TEXT_FRAMES.slice(0, 4).join('');
    const torn = TEXT_FRAMES[4]?.slice(0, 20) ?? '';
    const { result } = passThrough({ reads: [whole + torn] }, messagesRequest({ stream: true }));
    const resolved = await result;
    const { pieces, failure } = await drain(resolved);
    assert.equal(pieces.join(''), whole);
    assert.ok(failure instanceof APIConnectionError, String(failure));
    assert.match(failure.message, /before message_stop/);
    assert.ok((resolved.usage()?.prompt_tokens ?? 0) > 0, 'the usage seen before the end is kept');
  });

  test('a broken connection is an APIConnectionError after every whole event before it', async () => {
    const whole = TEXT_FRAMES.slice(0, 3).join('');
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { result, seen } = passThrough(
      { reads: [whole, 'event: content_block_delta\ndata: {"ty', reset] },
      messagesRequest({ stream: true }),
    );
    const { pieces, failure } = await drain(await result);
    assert.equal(pieces.join(''), whole);
    assert.ok(failure instanceof APIConnectionError, String(failure));
    assert.ok(seen.released);
  });

  test('an event over the size limit is an error, and the upstream is released', async () => {
    const filler = encoder.encode('a'.repeat(256 * 1024));
    const reads: (string | Uint8Array)[] = [TEXT_FRAMES[0] ?? '', 'event: content_block_delta\ndata: "'];
    for (let sent = 0; sent <= MAX_SSE_EVENT_CHARS + filler.length; sent += filler.length) reads.push(filler);
    reads.push(...TEXT_FRAMES.slice(1));
    const { result, seen } = passThrough({ reads }, messagesRequest({ stream: true }));
    const { pieces, failure } = await drain(await result);
    assert.equal(pieces.join(''), TEXT_FRAMES[0]);
    assert.ok(failure instanceof InternalServerError && failure.code === 'stream_event_too_large', String(failure));
    assert.ok(seen.released);
    assert.ok(seen.readsTaken < reads.length, 'reading stopped at the limit');
  });

  test('leaving the stream early releases the upstream body', async () => {
    const { result, seen } = passThrough({ reads: TEXT_FRAMES }, messagesRequest({ stream: true }));
    const { body } = await result;
    assert.ok(typeof body !== 'string');
    for await (const _piece of body) break;
    assert.ok(seen.released);
    assert.equal(seen.readsTaken, 1);
  });

  test('the pieces are the events of each read, as they are needed, not the whole stream at once', async () => {
    const { result } = passThrough({ reads: TEXT_FRAMES }, messagesRequest({ stream: true }));
    const pieces = await collect((await result).body as AsyncIterable<string>);
    assert.deepEqual(pieces, TEXT_FRAMES);
  });
});
