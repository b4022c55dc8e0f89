import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../../test-support/fixtures.js';
import {
  collect,
  type MockUpstream,
  replyJson,
  replySse,
  startMockUpstream,
} from '../../../test-support/mock-upstream.js';
import { assertMatchesOpenAISchema } from '../../../test-support/openai-schemas.js';
import { BadRequestError, ContextWindowExceededError, UnsupportedParamsError } from '../../errors/index.js';
import { completion, embedding, streamChunkBuilder, textCompletion } from '../../index.js';
import type { ChatCompletionChunk } from '../../spec/openai-chat.js';

const chatLines = readChunkLines('openai/chat-text.chunks.txt');
const expectedStreamText = chatLines.map((line) => JSON.parse(line).choices?.[0]?.delta?.content ?? '').join('');

describe('openai provider, against recorded OpenAI traffic', () => {
  let mock: MockUpstream;
  let seed = 1;
  before(async () => {
    mock = await startMockUpstream(async (request, response) => {
      const body = request.json<Record<string, unknown>>();
      if (request.url === '/v1/chat/completions' && body.stream) {
        return replySse(response, toSseFrames(chatLines, 'openai'), {
          seed: seed++,
          headers: { 'x-ratelimit-remaining-requests': '99' },
        });
      }
      if (request.url === '/v1/chat/completions')
        return replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
      if (request.url === '/v1/embeddings') return replyJson(response, 200, readJsonFixture('openai/embedding.json'));
      if (request.url === '/v1/completions' && body.stream) {
        return replySse(response, toSseFrames(readChunkLines('openai/completion-text.chunks.txt'), 'openai'));
      }
      if (request.url === '/v1/completions')
        return replyJson(response, 200, readJsonFixture('openai/completion-text.json'));
      return replyJson(response, 404, { error: { message: 'no route' } });
    });
  });
  after(() => mock.close());
  const base = () => ({ api_base: `${mock.url}/v1`, api_key: 'sk-test' });

  test('a non-streaming chat call sends OpenAI its own body and returns the official shape', async () => {
    const fixture = readJsonFixture<{ choices: { message: { content: string } }[]; usage: { total_tokens: number } }>(
      'openai/chat-text.json',
    );
    const response = await completion({
      ...base(),
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.5,
      user: 'u1',
    });
    const sent = mock.requests.at(-1);
    assert.equal(sent?.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(sent?.json(), {
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.5,
      user: 'u1',
    });
    assert.equal(response.choices[0]?.message.content, fixture.choices[0]?.message.content);
    assert.equal(response.usage.total_tokens, fixture.usage.total_tokens);
    assert.equal(response._hidden_params.custom_llm_provider, 'openai');
    assert.ok((response._hidden_params.response_cost ?? 0) > 0, 'cost comes from the price table');
    assert.equal(Object.keys(JSON.parse(JSON.stringify(response))).includes('_hidden_params'), false);
    assertMatchesOpenAISchema('CreateChatCompletionResponse', JSON.parse(JSON.stringify(response)));
  });

  test('a stream yields every recorded chunk in OpenAI shape and asks upstream for usage', async () => {
    const stream = await completion({
      ...base(),
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const chunks = await collect(stream);
    assert.deepEqual(mock.requests.at(-1)?.json<{ stream_options: unknown }>().stream_options, { include_usage: true });
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), expectedStreamText);
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    assert.ok(
      chunks.every((chunk) => chunk.usage === undefined),
      'no usage chunk unless include_usage was asked',
    );
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
    for (const chunk of chunks) assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);
    assert.ok(stream.usage && stream.usage.completion_tokens > 0);
    assert.ok((stream._hidden_params.response_cost ?? 0) > 0);
    assert.equal(stream._hidden_params.additional_headers['x-ratelimit-remaining-requests'], '99');
  });

  test('include_usage yields the usage chunk last, and the chunks rebuild the whole response', async () => {
    const stream = await completion({
      ...base(),
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = await collect(stream);
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.ok(last?.usage && last.usage.total_tokens > 0);
    const rebuilt = streamChunkBuilder(chunks);
    assert.equal(rebuilt.choices[0]?.message.content, expectedStreamText);
    assert.deepEqual(rebuilt.usage, last?.usage);
  });

  test('reasoning models get max_completion_tokens, and reject temperature unless drop_params', async () => {
    await completion({ ...base(), model: 'o3-mini', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 50 });
    const sent = mock.requests.at(-1)?.json<Record<string, unknown>>();
    assert.equal(sent?.max_completion_tokens, 50);
    assert.equal(sent?.max_tokens, undefined);
    await assert.rejects(
      completion({ ...base(), model: 'o3-mini', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 }),
      UnsupportedParamsError,
    );
    const count = mock.requests.length;
    const response = await completion({
      ...base(),
      model: 'o3-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
      logit_bias: { '1': 1 },
      drop_params: true,
    });
    assert.equal(mock.requests.length, count + 1);
    const dropped = mock.requests.at(-1)?.json<Record<string, unknown>>();
    assert.equal(dropped?.temperature, undefined);
    assert.equal(dropped?.logit_bias, undefined);
    assert.deepEqual(response._hidden_params.warnings.map((warning) => warning.param).sort(), [
      'logit_bias',
      'temperature',
    ]);
  });

  test('embeddings and legacy completions pass through with cost', async () => {
    const vectors = await embedding({ ...base(), model: 'text-embedding-3-small', input: ['hello'] });
    assert.equal(mock.requests.at(-1)?.url, '/v1/embeddings');
    assert.equal(vectors.object, 'list');
    assert.ok(Array.isArray(vectors.data[0]?.embedding));
    assertMatchesOpenAISchema('CreateEmbeddingResponse', JSON.parse(JSON.stringify(vectors)));
    const text = await textCompletion({ ...base(), model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test' });
    assert.equal(text.object, 'text_completion');
    assert.equal(
      text.choices[0]?.text,
      readJsonFixture<{ choices: { text: string }[] }>('openai/completion-text.json').choices[0]?.text,
    );
    const streamed = await collect(
      await textCompletion({ ...base(), model: 'gpt-3.5-turbo-instruct', prompt: 'Say this', stream: true }),
    );
    const recorded = readChunkLines('openai/completion-text.chunks.txt')
      .map((line) => JSON.parse(line).choices?.[0]?.text ?? '')
      .join('');
    assert.equal(streamed.map((chunk) => chunk.choices[0]?.text ?? '').join(''), recorded);
  });
});

describe('openai errors', () => {
  test('the recorded 400 becomes a BadRequestError with the param and code', async () => {
    const mock = await startMockUpstream((_request, response) =>
      replyJson(response, 400, readJsonFixture('openai/chat-error-unsupported-parameter.json')),
    );
    try {
      const error = await completion({
        api_base: mock.url,
        api_key: 'k',
        model: 'gpt-5',
        messages: [{ role: 'user', content: 'x' }],
      }).catch((caught: unknown) => caught);
      assert.ok(error instanceof BadRequestError);
      assert.equal(error.status, 400);
      assert.equal(error.param, 'max_tokens');
      assert.equal(error.code, 'unsupported_parameter');
      assert.equal(error.provider, 'openai');
      assert.match(error.message, /Unsupported parameter/);
    } finally {
      await mock.close();
    }
  });

  test('context_length_exceeded becomes ContextWindowExceededError', async () => {
    const mock = await startMockUpstream((_request, response) =>
      replyJson(response, 400, {
        error: {
          message: "This model's maximum context length is 8192 tokens.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      }),
    );
    try {
      await assert.rejects(
        completion({ api_base: mock.url, api_key: 'k', model: 'gpt-4', messages: [{ role: 'user', content: 'x' }] }),
        ContextWindowExceededError,
      );
    } finally {
      await mock.close();
    }
  });
});
