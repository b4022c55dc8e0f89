import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../test-support/fixtures.js';
import {
  type MockUpstream,
  replyJson,
  replySse,
  startMockUpstream,
  writeForever,
} from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const KEY = 'sk-validation-e2e';
const anthropicText = readChunkLines('anthropic/text.chunks.txt');
const anthropicFrames = toSseFrames(anthropicText, 'anthropic');
const user = [{ role: 'user', content: 'Hi' }];

describe('validation at the edge, through the real proxy', () => {
  let openaiUpstream: MockUpstream;
  let anthropicUpstream: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    openaiUpstream = await startMockUpstream((request, response) => {
      if (request.url.endsWith('/embeddings'))
        return replyJson(response, 200, readJsonFixture('openai/embedding.json'));
      return replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
    });
    anthropicUpstream = await startMockUpstream((request, response) => {
      const body = request.json<{ stream?: boolean; model: string }>();
      if (!body.stream) return replyJson(response, 200, readJsonFixture('anthropic/text.json'));
      if (body.model === 'claude-cut') return replySse(response, anthropicFrames, { cutAfterFrames: 3 });
      if (body.model === 'claude-torn') {
        // Two whole events, then half of the third, then the connection is cut.
        const third = anthropicFrames[2] ?? '';
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(anthropicFrames.slice(0, 2).join('') + third.slice(0, Math.floor(third.length / 2)));
        setTimeout(() => response.destroy(), 20);
        return;
      }
      if (body.model === 'claude-endless') {
        // One event that never ends: the proxy must stop reading, not hold it all in memory.
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        return writeForever(response, `${anthropicFrames[0]}event: content_block_delta\ndata: {"text":"`);
      }
      if (body.model === 'claude-short') {
        // Ends cleanly, but before message_stop: a truncated answer the client must not take as whole.
        return replySse(response, anthropicFrames.slice(0, 3), { splitRandomly: false });
      }
      return replySse(response, anthropicFrames, { seed: 5 });
    });
    const anthropic = (name: string, model: string) => ({
      model_name: name,
      litellm_params: { model: `anthropic/${model}`, api_base: anthropicUpstream.url, api_key: 'sk-ant-upstream' },
      model_info: {},
    });
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'gpt',
          litellm_params: { model: 'openai/gpt-4.1-nano', api_base: openaiUpstream.url, api_key: 'sk-openai-upstream' },
          model_info: {},
        },
        anthropic('claude', 'claude-sonnet-4-5'),
        anthropic('claude-cut', 'claude-cut'),
        anthropic('claude-torn', 'claude-torn'),
        anthropic('claude-short', 'claude-short'),
        anthropic('claude-endless', 'claude-endless'),
      ],
      general_settings: { master_key: KEY },
    });
  });
  after(async () => {
    await proxy.stop();
    await openaiUpstream.close();
    await anthropicUpstream.close();
  });

  /** An error answer in either envelope: OpenAI's `{ error }` or Anthropic's `{ type: 'error', error }`. */
  interface ErrorAnswer {
    type?: string;
    error: { message: string; type: string; param?: string | null; code?: string | null };
  }

  async function post(path: string, body: unknown): Promise<{ status: number; json: ErrorAnswer }> {
    const response = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, json: (await response.json()) as ErrorAnswer };
  }

  const openaiCases: [string, string, Record<string, unknown>, string][] = [
    ['stream "yes"', '/v1/chat/completions', { model: 'gpt', messages: user, stream: 'yes' }, 'stream'],
    ['stream 1', '/v1/chat/completions', { model: 'gpt', messages: user, stream: 1 }, 'stream'],
    ['stream {}', '/v1/chat/completions', { model: 'gpt', messages: user, stream: {} }, 'stream'],
    [
      'an unknown role',
      '/v1/chat/completions',
      { model: 'gpt', messages: [{ role: 'nope', content: 'x' }] },
      'messages[0].role',
    ],
    [
      'a message that is not an object',
      '/v1/chat/completions',
      { model: 'gpt', messages: [...user, 7] },
      'messages[1]',
    ],
    ['no messages', '/v1/chat/completions', { model: 'gpt', messages: [] }, 'messages'],
    ['temperature 5', '/v1/chat/completions', { model: 'gpt', messages: user, temperature: 5 }, 'temperature'],
    ['n of 0', '/v1/chat/completions', { model: 'gpt', messages: user, n: 0 }, 'n'],
    ['max_tokens -1', '/v1/chat/completions', { model: 'gpt', messages: user, max_tokens: -1 }, 'max_tokens'],
    [
      'an Azure-style path with a bad body',
      '/openai/deployments/gpt/chat/completions',
      { messages: user, top_p: 2 },
      'top_p',
    ],
    ['completions without a prompt', '/v1/completions', { model: 'gpt' }, 'prompt'],
    ['embeddings with an object input', '/v1/embeddings', { model: 'gpt', input: { a: 1 } }, 'input'],
  ];
  for (const [name, path, body, param] of openaiCases) {
    test(`${path}: ${name} is a 400 naming '${param}', and the upstream is never called`, async () => {
      const before = openaiUpstream.requests.length;
      const { status, json } = await post(path, body);
      assert.equal(status, 400);
      assert.equal(json.error.type, 'invalid_request_error');
      assert.equal(json.error.param, param);
      assert.ok(String(json.error.message).includes(`'${param}'`), json.error.message);
      assert.equal(openaiUpstream.requests.length, before);
    });
  }

  test('an unknown model of 100 KB is a 400 whose message does not echo it whole', async () => {
    const model = `m${'x'.repeat(100_000)}`;
    const { status, json } = await post('/v1/chat/completions', { model, messages: user });
    assert.equal(status, 400);
    assert.equal(json.error.param, 'model');
    assert.match(json.error.message, /Invalid model name/);
    assert.ok(json.error.message.length < 500, `message of ${json.error.message.length} characters`);
  });

  test('unknown extra fields still pass through to the upstream', async () => {
    const { status } = await post('/v1/chat/completions', {
      model: 'gpt',
      messages: user,
      temperature: null,
      provider_specific: { x: 1 },
    });
    assert.equal(status, 200);
    assert.deepEqual(openaiUpstream.requests.at(-1)?.json().provider_specific, { x: 1 });
  });

  const anthropicCases: [string, string, Record<string, unknown>, RegExp][] = [
    [
      'role "nope"',
      '/v1/messages',
      { model: 'claude', max_tokens: 5, messages: [{ role: 'nope', content: 'x' }] },
      /messages\[0\]\.role/,
    ],
    [
      'role "system" in messages',
      '/v1/messages',
      { model: 'claude', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] },
      /messages\[0\]\.role/,
    ],
    ['no max_tokens', '/v1/messages', { model: 'claude', messages: user }, /max_tokens/],
    [
      'temperature 1.5',
      '/v1/messages',
      { model: 'claude', max_tokens: 5, messages: user, temperature: 1.5 },
      /temperature/,
    ],
    ['stream "yes"', '/v1/messages', { model: 'claude', max_tokens: 5, messages: user, stream: 'yes' }, /stream/],
    [
      'count_tokens with a bad role',
      '/v1/messages/count_tokens',
      { model: 'claude', messages: [{ role: 'bot', content: 'x' }] },
      /messages\[0\]\.role/,
    ],
  ];
  for (const [name, path, body, field] of anthropicCases) {
    test(`${path}: ${name} is a 400 in Anthropic's envelope, and the upstream is never called`, async () => {
      const before = anthropicUpstream.requests.length;
      const { status, json } = await post(path, body);
      assert.equal(status, 400);
      assert.equal(json.type, 'error');
      assert.equal(json.error.type, 'invalid_request_error');
      assert.match(json.error.message, field);
      assert.equal(anthropicUpstream.requests.length, before);
    });
  }

  test('the Anthropic SDK raises BadRequestError on a refused body', async () => {
    const client = new Anthropic({ baseURL: proxy.url, apiKey: KEY, maxRetries: 0 });
    await assert.rejects(
      client.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'nope' as 'user', content: 'x' }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError,
    );
  });

  describe('native Anthropic pass-through, when the upstream stream breaks', () => {
    async function rawEvents(model: string): Promise<{ event: string; data: string }[]> {
      const response = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({ model, max_tokens: 50, messages: user, stream: true }),
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(response.status, 200);
      const text = await response.text();
      return text
        .split('\n\n')
        .filter((block) => block.trim() !== '')
        .map((block) => ({
          event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
          data: /^data: (.*)$/m.exec(block)?.[1] ?? '',
        }));
    }

    for (const model of ['claude-cut', 'claude-torn', 'claude-short']) {
      test(`${model}: whole events so far, then a final Anthropic error event`, async () => {
        const events = await rawEvents(model);
        assert.equal(events[0]?.event, 'message_start');
        const last = events.at(-1);
        assert.equal(last?.event, 'error');
        const error = JSON.parse(last?.data ?? '') as { type: string; error: { type: string; message: string } };
        assert.equal(error.type, 'error');
        assert.equal(error.error.type, 'api_error');
        assert.match(error.error.message, /interrupted/);
        // Every event before it is whole: a torn event is never forwarded.
        for (const event of events) JSON.parse(event.data);
        assert.ok(!events.some((event) => event.event === 'message_stop'));
        assert.ok(!error.error.message.includes('sk-ant-upstream'));
      });
    }

    test('the Anthropic SDK raises on the error event instead of returning a truncated message', async () => {
      const client = new Anthropic({ baseURL: proxy.url, apiKey: KEY, maxRetries: 0 });
      const stream = client.messages.stream({
        model: 'claude-cut',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      await assert.rejects(stream.finalMessage(), (error: unknown) => {
        assert.ok(error instanceof Anthropic.APIError, String(error));
        assert.match(String((error as Error).message), /interrupted/);
        return true;
      });
    });

    test('an event that never ends is cut at the SSE cap: an error event, and the upstream read stops', async () => {
      const abortedBefore = anthropicUpstream.aborted.length;
      const events = await rawEvents('claude-endless');
      assert.deepEqual(
        events.map((event) => event.event),
        ['message_start', 'error'],
      );
      assert.match(events[1]?.data ?? '', /larger than 8 MB/);
      for (let attempt = 0; attempt < 200 && anthropicUpstream.aborted.length === abortedBefore; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.ok(anthropicUpstream.aborted.length > abortedBefore, 'the upstream connection was dropped');
    });

    test('a whole stream still passes through untouched, ending with message_stop', async () => {
      const events = await rawEvents('claude');
      assert.equal(events.at(-1)?.event, 'message_stop');
      assert.equal(events.length, anthropicFrames.length);
    });
  });
});
