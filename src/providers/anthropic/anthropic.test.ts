import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testCallContext } from '../../../test-support/call-context.js';
import { listFixtures, readChunkLines, readJsonFixture, readSpec } from '../../../test-support/fixtures.js';
import {
  collect,
  type RecordedRequest,
  replyJson,
  replySse,
  startSwitchableMock,
} from '../../../test-support/mock-upstream.js';
import { assertMatchesOpenAISchema } from '../../../test-support/openai-schemas.js';
import { streamChunkBuilder } from '../../sdk/chunk-accumulator.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/openai-chat.js';
import type { CallContext } from '../../spec/provider.js';
import {
  createAnthropicBodyValidator,
  EXPECTED_FINISH,
  expectedFromLines,
  framesWithPings,
  reassemble,
  SEEDS,
} from './__fixtures__/anthropic-test-helpers.js';
import { anthropicProvider } from './index.js';

const assertValidAnthropicBody = createAnthropicBodyValidator(readSpec('anthropic-openapi.json'));

// Every recorded Anthropic file, so a fixture added later is replayed without touching this test.
const FIXTURE_FILES = listFixtures('anthropic');
const STREAM_FIXTURES = FIXTURE_FILES.filter((name) => name.endsWith('.chunks.txt')).map((name) => `anthropic/${name}`);
const JSON_FIXTURES = FIXTURE_FILES.filter((name) => name.endsWith('.json')).map((name) => `anthropic/${name}`);

describe('anthropic provider against recorded Anthropic traffic', () => {
  let mock: Awaited<ReturnType<typeof startSwitchableMock>>;
  before(async () => {
    mock = await startSwitchableMock((_request, response) =>
      replyJson(response, 500, { type: 'error', error: { type: 'api_error', message: 'no reply set' } }),
    );
  });
  after(() => mock.close());
  const context = (overrides: Partial<CallContext> = {}) =>
    testCallContext({ apiBase: mock.url, modelId: 'claude-sonnet-4-5', ...overrides });
  const hello: ChatCompletionRequest = {
    model: 'claude-sonnet-4-5',
    messages: [{ role: 'user', content: 'Hello, how are you?' }],
  };

  test('every recorded fixture is replayed', () => {
    assert.equal(STREAM_FIXTURES.length + JSON_FIXTURES.length, FIXTURE_FILES.length, FIXTURE_FILES.join(', '));
    assert.ok(STREAM_FIXTURES.length >= 6 && JSON_FIXTURES.length >= 4, 'the recorded fixtures are all there');
  });

  for (const fixture of STREAM_FIXTURES) {
    for (const seed of SEEDS) {
      test(`stream ${fixture} (split seed ${seed}) rebuilds the recorded answer`, async () => {
        const lines = readChunkLines(fixture);
        const expected = expectedFromLines(lines);
        mock.reply = (_request, response) =>
          replySse(response, framesWithPings(lines), { seed, headers: { 'request-id': 'req_1' } });
        const result = await anthropicProvider.doStream(hello, context());
        const chunks = await collect(result.data);
        const sent = mock.requests.at(-1) as RecordedRequest;

        assert.equal(sent.url, '/v1/messages');
        assert.equal(sent.headers['x-api-key'], 'test-key');
        assert.equal(sent.headers['anthropic-version'], '2023-06-01');
        assert.match(sent.headers['content-type'] ?? '', /application\/json/);
        assert.equal(sent.headers['anthropic-beta'], undefined, 'no beta is needed for a plain chat');
        assert.equal(sent.json().stream, true);
        assertValidAnthropicBody(sent.json());
        assert.equal(result.headers['request-id'], 'req_1');

        const rebuilt = reassemble(chunks);
        assert.equal(rebuilt.content, expected.text);
        assert.equal(rebuilt.reasoning, expected.reasoning);
        assert.deepEqual(rebuilt.signatures, expected.signatures);
        assert.deepEqual(
          rebuilt.toolCalls.map((call) => ({ id: call.id, name: call.name, input: JSON.parse(call.arguments) })),
          expected.toolCalls,
        );
        assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
        assert.ok(
          chunks.slice(1).every((chunk) => chunk.choices[0]?.delta.role === undefined),
          'role only once',
        );
        assert.ok(
          chunks.every((chunk) => chunk.id === expected.id && chunk.model === expected.model),
          'id and model from message_start',
        );
        const last = chunks.at(-1) as ChatCompletionChunk;
        assert.equal(last.choices[0]?.finish_reason, expected.finishReason);
        assert.ok(
          chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null && !chunk.usage),
          'only the last chunk finishes and carries usage',
        );
        assert.deepEqual(last.usage, {
          prompt_tokens: expected.promptTokens,
          completion_tokens: expected.completionTokens,
          total_tokens: expected.promptTokens + expected.completionTokens,
          prompt_tokens_details: { cached_tokens: expected.cacheRead, cache_creation_tokens: expected.cacheCreation },
          cache_read_input_tokens: expected.cacheRead,
          cache_creation_input_tokens: expected.cacheCreation,
        });
        for (const chunk of chunks) assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);

        // The SDK's accumulator must get whole thinking blocks (text + signature) back out of the deltas.
        const built = streamChunkBuilder(chunks).choices[0]?.message;
        const thinking = built?.thinking_blocks?.filter((block) => block.type === 'thinking') ?? [];
        assert.deepEqual(
          thinking.map((block) => ({ thinking: block.thinking, signature: block.signature })),
          expected.signatures.map((signature) => ({ thinking: expected.reasoning, signature })),
        );
      });
    }
  }

  test('the message_delta usage that repeats input_tokens replaces the message_start value', async () => {
    const lines = readChunkLines('anthropic/message-delta-with-input-tokens.chunks.txt');
    mock.reply = (_request, response) => replySse(response, framesWithPings(lines));
    const chunks = await collect((await anthropicProvider.doStream(hello, context())).data);
    assert.equal(chunks.at(-1)?.usage?.prompt_tokens, 61);
    assert.equal(chunks.at(-1)?.usage?.completion_tokens, 2);
  });

  test('text-then-tool: the tool call gets OpenAI index 0 (not block index 1) and {} arguments', async () => {
    const lines = readChunkLines('anthropic/text-then-tool-use-no-args.chunks.txt');
    mock.reply = (_request, response) => replySse(response, framesWithPings(lines));
    const chunks = await collect((await anthropicProvider.doStream(hello, context())).data);
    const indexes = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls?.map((call) => call.index) ?? []);
    assert.deepEqual(
      indexes,
      indexes.map(() => 0),
    );
    assert.ok(indexes.length >= 2, 'the start and the {} arguments delta');
    assert.equal(reassemble(chunks).toolCalls[0]?.arguments, '{}');
  });

  for (const fixture of JSON_FIXTURES) {
    test(`non-streaming ${fixture} maps to a chat.completion`, async () => {
      const recorded = readJsonFixture<{
        id: string;
        model: string;
        stop_reason: string;
        content: {
          type: string;
          text?: string;
          thinking?: string;
          signature?: string;
          id?: string;
          name?: string;
          input?: unknown;
        }[];
        usage: {
          input_tokens: number;
          output_tokens: number;
          cache_read_input_tokens: number;
          cache_creation_input_tokens: number;
        };
      }>(fixture);
      mock.reply = (_request, response) =>
        replyJson(response, 200, recorded, { 'anthropic-ratelimit-requests-remaining': '49' });
      const result = await anthropicProvider.doGenerate(hello, context());
      const sent = mock.requests.at(-1) as RecordedRequest;
      assert.equal(sent.url, '/v1/messages');
      assert.equal(sent.json().stream, undefined);
      assertValidAnthropicBody(sent.json());
      assert.equal(result.headers['anthropic-ratelimit-requests-remaining'], '49');

      const completion = result.data;
      const message = completion.choices[0]?.message;
      const texts = recorded.content.filter((block) => block.type === 'text').map((block) => block.text);
      const thinking = recorded.content.filter((block) => block.type === 'thinking');
      const tools = recorded.content.filter((block) => block.type === 'tool_use');
      assert.equal(completion.id, recorded.id);
      assert.equal(completion.model, recorded.model);
      assert.equal(message?.content, texts.length > 0 ? texts.join('') : null);
      assert.deepEqual(
        (message?.tool_calls ?? []).map((call) => ({
          id: call.id,
          name: call.function.name,
          input: JSON.parse(call.function.arguments),
        })),
        tools.map((block) => ({ id: block.id, name: block.name, input: block.input })),
      );
      assert.equal(
        message?.reasoning_content,
        thinking.length > 0 ? thinking.map((block) => block.thinking).join('') : undefined,
      );
      assert.deepEqual(
        message?.thinking_blocks,
        thinking.length > 0
          ? thinking.map((block) => ({ type: 'thinking', thinking: block.thinking, signature: block.signature }))
          : undefined,
      );
      assert.equal(completion.choices[0]?.finish_reason, EXPECTED_FINISH[recorded.stop_reason]);
      const prompt =
        recorded.usage.input_tokens +
        recorded.usage.cache_read_input_tokens +
        recorded.usage.cache_creation_input_tokens;
      assert.equal(completion.usage.prompt_tokens, prompt);
      assert.equal(completion.usage.completion_tokens, recorded.usage.output_tokens);
      assert.equal(completion.usage.total_tokens, prompt + recorded.usage.output_tokens);
      assertMatchesOpenAISchema('CreateChatCompletionResponse', completion);
    });
  }
});

describe('anthropic provider description', () => {
  test('names its environment variables and default base', () => {
    assert.equal(anthropicProvider.id, 'anthropic');
    assert.deepEqual(anthropicProvider.apiKeyEnv, ['ANTHROPIC_API_KEY']);
    assert.deepEqual(anthropicProvider.apiBaseEnv, ['ANTHROPIC_API_BASE', 'ANTHROPIC_BASE_URL']);
    assert.equal(anthropicProvider.defaultApiBase, 'https://api.anthropic.com');
    assert.equal(anthropicProvider.doEmbed, undefined, 'Anthropic has no embeddings');
  });

  test('reports the OpenAI params Anthropic cannot take as unsupported', () => {
    const supported = anthropicProvider.supportedParams('claude-sonnet-4-5');
    for (const name of [
      'logprobs',
      'top_logprobs',
      'logit_bias',
      'n',
      'presence_penalty',
      'frequency_penalty',
      'seed',
      'service_tier',
    ]) {
      assert.equal(supported.has(name), false, name);
    }
    for (const name of [
      'tools',
      'tool_choice',
      'parallel_tool_calls',
      'response_format',
      'stop',
      'user',
      'reasoning_effort',
      'thinking',
    ]) {
      assert.equal(supported.has(name), true, name);
    }
  });
});
