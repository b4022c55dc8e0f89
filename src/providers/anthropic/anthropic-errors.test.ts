import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testCallContext } from '../../../test-support/call-context.js';
import { readChunkLines, toSseFrames } from '../../../test-support/fixtures.js';
import { collect, replyJson, replySse, startSwitchableMock } from '../../../test-support/mock-upstream.js';
import {
  AuthenticationError,
  BadRequestError,
  ContextWindowExceededError,
  InternalServerError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../errors/index.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/openai-chat.js';
import { expectedFromLines, reassemble } from './__fixtures__/anthropic-test-helpers.js';
import { anthropicProvider } from './index.js';

describe('anthropic error mapping', () => {
  let mock: Awaited<ReturnType<typeof startSwitchableMock>>;
  before(async () => {
    mock = await startSwitchableMock(() => {});
  });
  after(() => mock.close());
  const context = () => testCallContext({ apiBase: mock.url, modelId: 'claude-sonnet-4-5' });
  const hello: ChatCompletionRequest = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] };
  const errorBody = (type: string, message: string) => ({
    type: 'error',
    error: { type, message },
    request_id: 'req_9',
  });

  test('401 authentication_error → AuthenticationError with the upstream message', async () => {
    mock.reply = (_request, response) =>
      replyJson(response, 401, errorBody('authentication_error', 'invalid x-api-key'));
    const error = await anthropicProvider.doGenerate(hello, context()).catch((caught: unknown) => caught);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.equal(error.provider, 'anthropic');
    assert.equal(error.code, 'authentication_error');
    assert.match(error.message, /invalid x-api-key/);
    assert.deepEqual(error.body, errorBody('authentication_error', 'invalid x-api-key'));
  });

  test('400 "prompt is too long" → ContextWindowExceededError; another 400 stays a BadRequestError', async () => {
    mock.reply = (_request, response) =>
      replyJson(
        response,
        400,
        errorBody('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'),
      );
    await assert.rejects(anthropicProvider.doGenerate(hello, context()), ContextWindowExceededError);
    mock.reply = (_request, response) =>
      replyJson(response, 400, errorBody('invalid_request_error', 'temperature: range'));
    const error = await anthropicProvider.doStream(hello, context()).catch((caught: unknown) => caught);
    assert.ok(error instanceof BadRequestError && !(error instanceof ContextWindowExceededError), String(error));
  });

  test('413 request_too_large → BadRequestError, not a context-window error', async () => {
    mock.reply = (_request, response) =>
      replyJson(response, 413, errorBody('request_too_large', 'Request exceeds the maximum allowed number of bytes.'));
    const error = await anthropicProvider.doGenerate(hello, context()).catch((caught: unknown) => caught);
    assert.ok(error instanceof BadRequestError, String(error));
    assert.equal(error.constructor.name, 'BadRequestError', 'not a ContextWindowExceededError');
    assert.equal(error.code, 'request_too_large');
  });

  test('429 rate_limit_error → RateLimitError carrying retry-after', async () => {
    mock.reply = (_request, response) =>
      replyJson(response, 429, errorBody('rate_limit_error', 'Number of requests has exceeded your rate limit'), {
        'retry-after': '12',
      });
    const error = await anthropicProvider.doGenerate(hello, context()).catch((caught: unknown) => caught);
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.retryAfter, 12);
    assert.equal(error.isRetryable, true);
  });

  test('529 overloaded_error → ServiceUnavailableError (retryable), for both calls', async () => {
    mock.reply = (_request, response) => replyJson(response, 529, errorBody('overloaded_error', 'Overloaded'));
    const generated = await anthropicProvider.doGenerate(hello, context()).catch((caught: unknown) => caught);
    assert.ok(generated instanceof ServiceUnavailableError, String(generated));
    assert.equal(generated.isRetryable, true);
    await assert.rejects(anthropicProvider.doStream(hello, context()), ServiceUnavailableError);
  });

  test('an `event: error` mid-stream is thrown from the iterator after the chunks before it', async () => {
    const lines = readChunkLines('anthropic/text.chunks.txt').slice(0, 5);
    const errorFrame = `event: error\ndata: ${JSON.stringify(errorBody('overloaded_error', 'Overloaded'))}\n\n`;
    mock.reply = (_request, response) =>
      replySse(response, [...toSseFrames(lines, 'anthropic'), errorFrame], { seed: 5 });
    const seen: ChatCompletionChunk[] = [];
    const iterate = async () => {
      for await (const chunk of (await anthropicProvider.doStream(hello, context())).data) seen.push(chunk);
    };
    await assert.rejects(iterate(), ServiceUnavailableError);
    assert.equal(reassemble(seen).content, expectedFromLines(lines).text);

    mock.reply = (_request, response) =>
      replySse(response, [
        ...toSseFrames(lines, 'anthropic'),
        `event: error\ndata: ${JSON.stringify(errorBody('api_error', 'Internal server error'))}\n\n`,
      ]);
    await assert.rejects(collect((await anthropicProvider.doStream(hello, context())).data), InternalServerError);
  });
});
