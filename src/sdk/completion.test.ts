import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readChunkLines, toSseFrames } from '../../test-support/fixtures.js';
import { collect, replyJson, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import {
  APIConnectionError,
  AuthenticationError,
  BadRequestError,
  completion,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  Timeout,
  UnprocessableEntityError,
} from '../index.js';

const messages = [{ role: 'user' as const, content: 'Hello' }];

describe('typed errors from upstream statuses', () => {
  const cases = [
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, ServiceUnavailableError],
  ] as const;
  for (const [status, ErrorType] of cases) {
    test(`${status} → ${ErrorType.name}, carrying status, provider, model and the provider's message`, async () => {
      const mock = await startMockUpstream((_request, response) =>
        replyJson(response, status, { error: { message: `upstream says ${status}` } }),
      );
      try {
        const error = await completion({
          model: 'groq/llama-3.3-70b-versatile',
          api_base: mock.url,
          api_key: 'k',
          messages,
        }).catch((caught: unknown) => caught);
        assert.ok(error instanceof ErrorType, `got ${String(error)}`);
        assert.equal(error.status, status);
        assert.equal(error.status_code, status);
        assert.equal(error.provider, 'groq');
        assert.equal(error.model, 'llama-3.3-70b-versatile');
        assert.match(error.message, new RegExp(`upstream says ${status}`));
        assert.equal(error.toJSON().error.type, error.type);
      } finally {
        await mock.close();
      }
    });
  }

  test('an unreachable upstream is an APIConnectionError', async () => {
    const mock = await startMockUpstream(() => {});
    const url = mock.url;
    await mock.close();
    await assert.rejects(completion({ model: 'gpt-4o', api_base: url, api_key: 'k', messages }), APIConnectionError);
  });
});

describe('retries', () => {
  test('num_retries retries 429 and 500, honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    const mock = await startMockUpstream((_request, response) => {
      calls++;
      if (calls === 1) return replyJson(response, 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '10' });
      if (calls === 2) return replyJson(response, 500, { error: { message: 'boom' } }, { 'retry-after': '0' });
      return replyJson(response, 200, {
        id: 'x',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    });
    try {
      const response = await completion({
        model: 'gpt-4o',
        api_base: mock.url,
        api_key: 'k',
        messages,
        num_retries: 2,
      });
      assert.equal(response.choices[0]?.message.content, 'ok');
      assert.equal(calls, 3);
    } finally {
      await mock.close();
    }
  });

  test('no retry for a 400, and none without num_retries', async () => {
    let calls = 0;
    const mock = await startMockUpstream((_request, response) => {
      calls++;
      replyJson(response, calls === 1 ? 400 : 429, { error: { message: 'bad' } }, { 'retry-after': '0' });
    });
    try {
      await assert.rejects(
        completion({ model: 'gpt-4o', api_base: mock.url, api_key: 'k', messages, num_retries: 3 }),
        BadRequestError,
      );
      assert.equal(calls, 1);
      await assert.rejects(completion({ model: 'gpt-4o', api_base: mock.url, api_key: 'k', messages }), RateLimitError);
      assert.equal(calls, 2);
    } finally {
      await mock.close();
    }
  });
});

describe('timeouts and aborts', () => {
  test('timeout abandons a call that does not answer with a Timeout (408)', async () => {
    const mock = await startMockUpstream(() => new Promise(() => {}));
    try {
      const started = Date.now();
      const error = await completion({
        model: 'gpt-4o',
        api_base: mock.url,
        api_key: 'k',
        messages,
        timeout: 0.2,
      }).catch((caught: unknown) => caught);
      assert.ok(error instanceof Timeout, String(error));
      assert.equal(error.status, 408);
      assert.ok(Date.now() - started < 5000);
    } finally {
      await mock.close();
    }
  });

  test('aborting a stream mid-way closes the upstream connection', async () => {
    const lines = readChunkLines('openai/chat-text.chunks.txt');
    const mock = await startMockUpstream((_request, response) =>
      replySse(response, toSseFrames(lines, 'openai'), { delayMs: 5 }),
    );
    try {
      const controller = new AbortController();
      const stream = await completion(
        { model: 'gpt-4o', api_base: mock.url, api_key: 'k', messages, stream: true },
        { signal: controller.signal },
      );
      let seen = 0;
      await assert.rejects(async () => {
        for await (const _chunk of stream) {
          if (++seen === 3) controller.abort();
        }
      }, /abort/i);
      await waitFor(() => mock.aborted.length === 1);
      assert.ok(seen < lines.length);
    } finally {
      await mock.close();
    }
  });

  test('breaking out of the loop also cancels the upstream request', async () => {
    const lines = readChunkLines('openai/chat-text.chunks.txt');
    const mock = await startMockUpstream((_request, response) =>
      replySse(response, toSseFrames(lines, 'openai'), { delayMs: 5 }),
    );
    try {
      const stream = await completion({ model: 'gpt-4o', api_base: mock.url, api_key: 'k', messages, stream: true });
      for await (const _chunk of stream) break;
      await waitFor(() => mock.aborted.length === 1);
    } finally {
      await mock.close();
    }
  });

  test('an upstream that cuts the stream mid-way ends the iteration with an error, not a hang', async () => {
    const lines = readChunkLines('openai/chat-text.chunks.txt');
    const mock = await startMockUpstream((_request, response) =>
      replySse(response, toSseFrames(lines, 'openai'), { cutAfterFrames: 5 }),
    );
    try {
      const stream = await completion({ model: 'gpt-4o', api_base: mock.url, api_key: 'k', messages, stream: true });
      await assert.rejects(collect(stream), APIConnectionError);
    } finally {
      await mock.close();
    }
  });
});

describe('input checks, before anything is sent', () => {
  test('missing model, empty messages, unknown provider and missing key are clear errors', async () => {
    await assert.rejects(
      completion({ model: '', messages }),
      (error: unknown) => error instanceof BadRequestError && error.param === 'model',
    );
    await assert.rejects(
      completion({ model: 'gpt-4o', messages: [] }),
      (error: unknown) => error instanceof BadRequestError && error.param === 'messages',
    );
    await assert.rejects(
      completion({ model: 'nosuch/model', messages }),
      (error: unknown) => error instanceof BadRequestError && /nosuch/.test(error.message),
    );
    const saved = process.env.GROQ_API_KEY;
    delete process.env.GROQ_API_KEY;
    try {
      await assert.rejects(
        completion({ model: 'groq/llama-3.3-70b-versatile', messages }),
        (error: unknown) => error instanceof AuthenticationError && /GROQ_API_KEY/.test(error.message),
      );
    } finally {
      if (saved !== undefined) process.env.GROQ_API_KEY = saved;
    }
  });

  test('credentials default to the provider environment variable', async () => {
    const mock = await startMockUpstream((_request, response) => replyJson(response, 200, { choices: [] }));
    process.env.GROQ_API_KEY = 'from-env';
    process.env.GROQ_API_BASE = mock.url;
    try {
      await completion({ model: 'groq/llama-3.3-70b-versatile', messages });
      assert.equal(mock.requests[0]?.headers.authorization, 'Bearer from-env');
    } finally {
      delete process.env.GROQ_API_KEY;
      delete process.env.GROQ_API_BASE;
      await mock.close();
    }
  });
});

describe('mock_response', () => {
  test('answers without a network call or a key, with usage and cost', async () => {
    const response = await completion({ model: 'gpt-4o', messages, mock_response: 'Hi there!' });
    assert.equal(response.choices[0]?.message.content, 'Hi there!');
    assert.equal(response.object, 'chat.completion');
    assert.ok(response.usage.prompt_tokens > 0 && response.usage.completion_tokens > 0);
    assert.ok((response._hidden_params.response_cost ?? 0) > 0);
  });

  test('streams the mock text in chunks that add up', async () => {
    const stream = await completion({
      model: 'anthropic/claude-sonnet-4-5',
      messages,
      mock_response: 'one two three',
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'one two three');
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    assert.ok(chunks.at(-1)?.usage);
  });

  test('"litellm.RateLimitError" raises that error; mock_tool_calls answers with tool calls', async () => {
    await assert.rejects(
      completion({ model: 'gpt-4o', messages, mock_response: 'litellm.RateLimitError' }),
      RateLimitError,
    );
    const response = await completion({
      model: 'gpt-4o',
      messages,
      mock_response: '',
      mock_tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    });
    assert.equal(response.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(response.choices[0]?.message.tool_calls?.[0]?.function.name, 'get_weather');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
