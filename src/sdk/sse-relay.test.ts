import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testCallContext } from '../../test-support/call-context.js';
import { readChunkLines, toSseFrames } from '../../test-support/fixtures.js';
import {
  collect,
  type MockUpstream,
  replySse,
  seededRandom,
  startSwitchableMock,
} from '../../test-support/mock-upstream.js';
import { type LLMuxError, RateLimitError } from '../errors/index.js';
import { chatEventParser } from '../providers/openai-compatible/openai-compatible-provider.js';
import type { ChatCompletionChunk, Usage } from '../spec/openai-chat.js';
import { completion } from './completion.js';
import { relayVerbatimSse, type SseRelayHooks } from './sse-relay.js';

const OPENAI_LINES = readChunkLines('openai/chat-text.chunks.txt');
const encoder = new TextEncoder();

/** The bytes of `text`, cut into random pieces (seeded), as a socket delivers them. */
async function* pieces(text: string, seed: number): AsyncGenerator<Uint8Array> {
  const bytes = encoder.encode(text);
  const random = seededRandom(seed);
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(random() * 80);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

function relay(text: string, seed: number, includeUsage: boolean) {
  const seen: { usage?: Usage; accepted: ChatCompletionChunk[] } = { accepted: [] };
  const hooks: SseRelayHooks = {
    includeUsage,
    onRead: () => undefined,
    onUsage: (usage) => {
      seen.usage = usage;
    },
    accept: (chunk) => {
      seen.accepted.push(chunk);
      return chunk;
    },
  };
  const parseEvent = chatEventParser(testCallContext({ apiBase: 'http://unused', modelId: 'gpt-4o' }), 'openai');
  return { events: relayVerbatimSse({ body: pieces(text, seed), parseEvent }, hooks), seen };
}

describe('relayVerbatimSse', () => {
  for (const seed of [1, 7, 42]) {
    it(`relays OpenAI's events byte for byte, without [DONE] or the unrequested usage chunk (seed ${seed})`, async () => {
      const { events, seen } = relay(toSseFrames(OPENAI_LINES, 'openai').join(''), seed, false);
      const output = (await collect(events)).join('');
      const contentLines = OPENAI_LINES.filter((line) => !line.includes('"usage":{'));
      assert.equal(output, contentLines.map((line) => `data: ${line}\n\n`).join(''));
      assert.equal(seen.usage?.completion_tokens, 300);
      assert.equal(seen.accepted.length, 0, 'nothing is parsed chunk by chunk');
    });
  }

  it('keeps the usage chunk, verbatim, when the caller asked for it', async () => {
    const { events, seen } = relay(toSseFrames(OPENAI_LINES, 'openai').join(''), 3, true);
    const output = (await collect(events)).join('');
    assert.equal(output, OPENAI_LINES.map((line) => `data: ${line}\n\n`).join(''));
    assert.equal(seen.usage?.total_tokens, 316);
  });

  it('turns CRLF framing into LF, even with a CRLF split across reads', async () => {
    const crlf = OPENAI_LINES.map((line) => `data: ${line}\r\n\r\n`).join('');
    for (const seed of [5, 11]) {
      const output = (await collect(relay(crlf, seed, true).events)).join('');
      assert.equal(output, OPENAI_LINES.map((line) => `data: ${line}\n\n`).join(''));
    }
  });

  it('throws the typed error of an error event mid-stream', async () => {
    const text = `data: ${OPENAI_LINES[0]}\n\ndata: {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}\n\n`;
    const { events } = relay(text, 2, false);
    const received: string[] = [];
    await assert.rejects(
      async () => {
        for await (const event of events) received.push(event);
      },
      (error: unknown) =>
        error instanceof RateLimitError && error.status === 429 && error.message.includes('Rate limit reached'),
    );
    assert.ok(received.join('').includes('"role":"assistant"'), 'events before the error were relayed');
  });

  it("maps an error event's code or type to the typed error of its status", () => {
    const parseEvent = chatEventParser(testCallContext({ apiBase: 'http://unused', modelId: 'gpt-4o' }), 'openai');
    const statusOf = (error: Record<string, unknown>) => {
      try {
        parseEvent(JSON.stringify({ error: { message: 'x', ...error } }));
      } catch (thrown) {
        return (thrown as LLMuxError).status;
      }
      return undefined;
    };
    assert.equal(statusOf({ code: 'rate_limit_exceeded' }), 429);
    assert.equal(statusOf({ type: 'insufficient_quota' }), 429);
    assert.equal(statusOf({ type: 'invalid_request_error', code: 'context_length_exceeded' }), 400);
    assert.equal(statusOf({ code: 'invalid_api_key' }), 401);
    assert.equal(statusOf({ type: 'overloaded_error' }), 503);
    assert.equal(statusOf({ code: 429 }), 429);
    assert.equal(statusOf({ code: '503' }), 503);
    assert.equal(statusOf({ type: 'server_error' }), 500);
    assert.equal(statusOf({ type: 'something_new' }), 500);
  });

  it('delivers the events that came before an error event in the same read, then throws', async () => {
    const text = `data: ${OPENAI_LINES[0]}\n\ndata: ${OPENAI_LINES[1]}\n\ndata: {"error":{"message":"boom","type":"server_error"}}\n\n`;
    const parseEvent = chatEventParser(testCallContext({ apiBase: 'http://unused', modelId: 'gpt-4o' }), 'openai');
    async function* oneRead() {
      yield encoder.encode(text);
    }
    const hooks: SseRelayHooks = {
      includeUsage: false,
      onRead: () => undefined,
      onUsage: () => undefined,
      accept: (chunk) => chunk,
    };
    const received: string[] = [];
    await assert.rejects(async () => {
      for await (const event of relayVerbatimSse({ body: oneRead(), parseEvent }, hooks)) received.push(event);
    }, /boom/);
    assert.equal(received.join(''), `data: ${OPENAI_LINES[0]}\n\ndata: ${OPENAI_LINES[1]}\n\n`);
  });

  it('falls back to parsing every chunk when the upstream ignored the usage request', async () => {
    const lines = OPENAI_LINES.filter((line) => !line.includes('"usage":{')).map((line) =>
      line.replace(',"usage":null', ''),
    );
    const { events, seen } = relay(toSseFrames(lines, 'openai').join(''), 9, false);
    const output = await collect(events);
    assert.equal(seen.accepted.length, lines.length);
    const chunks = output
      .join('')
      .split('\n\n')
      .filter(Boolean)
      .map((event) => JSON.parse(event.slice('data: '.length)) as ChatCompletionChunk);
    assert.equal(chunks.length, lines.length);
    assert.equal(chunks[0]?.object, 'chat.completion.chunk');
    assert.equal(seen.usage, undefined);
  });

  it('relays comments and multi-line events as they are', async () => {
    const text = `: keep-alive\n\ndata: ${OPENAI_LINES[0]}\n\nevent: note\ndata: [1,\ndata: 2]\n\n`;
    const output = (await collect(relay(text, 4, false).events)).join('');
    assert.equal(output, text);
  });
});

describe('CompletionStream.sse with verbatimSse', () => {
  let mock: MockUpstream & { reply: (request: unknown, response: never) => void };
  before(async () => {
    mock = (await startSwitchableMock((_request, response) =>
      replySse(response, toSseFrames(OPENAI_LINES, 'openai')),
    )) as typeof mock;
  });
  after(() => mock.close());

  it('relays an OpenAI stream verbatim and still counts usage and cost', async () => {
    const stream = await completion(
      {
        model: 'openai/gpt-4.1-nano',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        api_base: mock.url,
        api_key: 'sk-test',
      },
      { verbatimSse: true },
    );
    assert.equal(stream.relaysVerbatim, true);
    const output = (await collect(stream.sse())).join('');
    assert.ok(output.includes('"obfuscation"'), 'fields the normaliser would drop pass through');
    assert.ok(!output.includes('[DONE]'));
    assert.equal(stream.usage?.total_tokens, 316);
    assert.ok((stream._hidden_params.response_cost ?? 0) > 0);
    assert.ok(String(mock.requests.at(-1)?.body).includes('"include_usage":true'));
  });

  it('frames parsed chunks for callers that did not ask for the verbatim relay', async () => {
    const stream = await completion({
      model: 'openai/gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      api_base: mock.url,
      api_key: 'sk-test',
    });
    assert.equal(stream.relaysVerbatim, false);
    const output = (await collect(stream.sse())).join('');
    assert.ok(!output.includes('"obfuscation"'), 'chunks were normalised');
    assert.equal(stream.usage?.total_tokens, 316);
  });
});
