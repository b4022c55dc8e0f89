import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../../test-support/fixtures.js';
import { collect, replyJson, replySse, startMockUpstream } from '../../../test-support/mock-upstream.js';
import { assertMatchesOpenAISchema } from '../../../test-support/openai-schemas.js';
import { UnsupportedParamsError } from '../../errors/index.js';
import { completion, streamChunkBuilder } from '../../index.js';
import { COMPATIBLE_PROVIDERS } from './compatible-table.js';

const messages = [{ role: 'user' as const, content: 'What is the weather in San Francisco?' }];
const tools = [
  {
    type: 'function' as const,
    function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
  },
];

/** Replays a recorded vendor stream through llmux and returns what a caller sees. */
async function replayStream(options: {
  fixture: string;
  model: string;
  seed: number;
  extra?: Record<string, unknown>;
}) {
  const lines = readChunkLines(options.fixture);
  const mock = await startMockUpstream((_request, response) =>
    replySse(response, toSseFrames(lines, 'openai'), { seed: options.seed }),
  );
  try {
    const stream = await completion({
      model: options.model,
      api_base: mock.url,
      api_key: 'k',
      messages,
      tools,
      stream: true,
      stream_options: { include_usage: true },
      ...options.extra,
    });
    const chunks = await collect(stream);
    return { chunks, sent: mock.requests[0]?.json<Record<string, unknown>>(), stream };
  } finally {
    await mock.close();
  }
}

describe('OpenAI-compatible vendors, replayed from recorded streams', () => {
  for (const seed of [1, 2, 3]) {
    test(`xAI: reasoning deltas, a whole tool call, finish_reason filled in every chunk (seed ${seed})`, async () => {
      const { chunks, stream } = await replayStream({
        fixture: 'openai-compatible/xai-chat-reasoning-tool-call.chunks.txt',
        model: 'xai/grok-3-mini',
        seed,
      });
      for (const chunk of chunks) assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);
      const rebuilt = streamChunkBuilder(chunks);
      const message = rebuilt.choices[0]?.message;
      assert.equal(message?.tool_calls?.[0]?.function.name, 'weather');
      assert.deepEqual(JSON.parse(message?.tool_calls?.[0]?.function.arguments ?? ''), { location: 'San Francisco' });
      assert.ok(message?.reasoning_content?.startsWith('First'));
      assert.equal(rebuilt.choices[0]?.finish_reason, 'tool_calls');
      assert.equal(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens, 227);
      assert.equal(stream.usage?.prompt_tokens_details?.cached_tokens, 306);
    });
  }

  test('Groq: usage inside the last content chunk is kept; x_groq is not leaked', async () => {
    const { chunks, sent } = await replayStream({
      fixture: 'openai-compatible/groq-chat-tool-call.chunks.txt',
      model: 'groq/llama-3.3-70b-versatile',
      seed: 4,
    });
    assert.deepEqual(sent?.stream_options, { include_usage: true });
    assert.equal(sent?.model, 'llama-3.3-70b-versatile');
    const rebuilt = streamChunkBuilder(chunks);
    assert.equal(rebuilt.usage.total_tokens, 225);
    assert.equal(rebuilt.choices[0]?.message.tool_calls?.[0]?.function.arguments, '{}');
    assert.ok(chunks.every((chunk) => !('x_groq' in chunk)));
  });

  test('DeepSeek: incremental tool-call arguments reassemble', async () => {
    const lines = readChunkLines('openai-compatible/deepseek-chat-tool-call.chunks.txt');
    const expected = lines
      .flatMap((line) => JSON.parse(line).choices?.[0]?.delta?.tool_calls ?? [])
      .map((call: { function?: { arguments?: string } }) => call.function?.arguments ?? '')
      .join('');
    const { chunks } = await replayStream({
      fixture: 'openai-compatible/deepseek-chat-tool-call.chunks.txt',
      model: 'deepseek/deepseek-chat',
      seed: 5,
    });
    for (const chunk of chunks) assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);
    assert.equal(streamChunkBuilder(chunks).choices[0]?.message.tool_calls?.[0]?.function.arguments, expected);
  });

  test('Mistral: tool calls without index get one; seed and max_completion_tokens renamed; no stream_options', async () => {
    const { chunks, sent, stream } = await replayStream({
      fixture: 'mistral/chat-tool-call.chunks.txt',
      model: 'mistral/mistral-small-latest',
      seed: 6,
      extra: { seed: 7, max_completion_tokens: 100 },
    });
    assert.equal(sent?.random_seed, 7);
    assert.equal(sent?.max_tokens, 100);
    assert.equal(sent?.seed, undefined);
    assert.equal(sent?.stream_options, undefined);
    const toolDelta = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])[0];
    assert.equal(toolDelta?.index, 0);
    for (const chunk of chunks) assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);
    assert.equal(stream.usage?.total_tokens, 146);
    assert.deepEqual(stream._hidden_params.warnings.map((warning) => warning.param).sort(), [
      'max_completion_tokens',
      'seed',
    ]);
  });

  test('Mistral: thinking content parts become reasoning_content', async () => {
    const { chunks } = await replayStream({
      fixture: 'mistral/chat-thinking.chunks.txt',
      model: 'mistral/magistral-small-latest',
      seed: 8,
    });
    const rebuilt = streamChunkBuilder(chunks);
    assert.ok((rebuilt.choices[0]?.message.reasoning_content ?? '').length > 0);
    assert.equal(typeof rebuilt.choices[0]?.message.content, 'string');
    const body = readJsonFixture<{ choices: { message: { content: unknown } }[] }>('mistral/chat-thinking.json');
    const mock = await startMockUpstream((_request, response) => replyJson(response, 200, body));
    try {
      const response = await completion({
        model: 'mistral/magistral-small-latest',
        api_base: mock.url,
        api_key: 'k',
        messages,
      });
      assert.ok((response.choices[0]?.message.reasoning_content ?? '').length > 0);
      assert.equal(typeof response.choices[0]?.message.content, 'string');
    } finally {
      await mock.close();
    }
  });

  test('Mistral rejects OpenAI-only params unless drop_params', async () => {
    await assert.rejects(
      completion({ model: 'mistral/mistral-small-latest', api_key: 'k', messages, logit_bias: { '1': 1 } }),
      UnsupportedParamsError,
    );
  });

  test('non-streaming vendor bodies are filled to OpenAI shape (refusal, logprobs)', async () => {
    for (const [fixture, model] of [
      ['openai-compatible/deepseek-chat-tool-call.json', 'deepseek/deepseek-chat'],
      ['openai-compatible/groq-chat-tool-call.json', 'groq/llama-3.3-70b-versatile'],
      ['openai-compatible/xai-chat-reasoning-tool-call.json', 'xai/grok-3-mini'],
      ['mistral/chat-tool-call.json', 'mistral/mistral-small-latest'],
      ['mistral/chat-text.json', 'mistral/mistral-small-latest'],
    ] as const) {
      const mock = await startMockUpstream((_request, response) => replyJson(response, 200, readJsonFixture(fixture)));
      try {
        const response = await completion({ model, api_base: mock.url, api_key: 'k', messages });
        assertMatchesOpenAISchema('CreateChatCompletionResponse', JSON.parse(JSON.stringify(response)));
        assert.ok(response.usage.total_tokens > 0, fixture);
      } finally {
        await mock.close();
      }
    }
  });

  test('every row of the table has a base URL or a base variable, and a unique id', () => {
    const ids = new Set<string>();
    for (const row of COMPATIBLE_PROVIDERS) {
      assert.ok(!ids.has(row.id), `duplicate ${row.id}`);
      ids.add(row.id);
      assert.ok(row.defaultApiBase || (row.apiBaseEnv?.length ?? 0) > 0, row.id);
    }
    for (const required of [
      'groq',
      'together_ai',
      'fireworks_ai',
      'deepseek',
      'mistral',
      'xai',
      'perplexity',
      'openrouter',
      'deepinfra',
      'cerebras',
      'sambanova',
      'nvidia_nim',
      'hyperbolic',
      'novita',
      'nebius',
      'lambda_ai',
      'ai21',
      'moonshot',
      'dashscope',
      'volcengine',
      'github',
      'lm_studio',
      'hosted_vllm',
      'llamafile',
      'ollama_chat',
      'openai_like',
      'custom_openai',
    ]) {
      assert.ok(ids.has(required), `missing ${required}`);
    }
  });

  test('each vendor is called at its path with a bearer key (or none for local servers)', async () => {
    const mock = await startMockUpstream((_request, response) =>
      replyJson(response, 200, readJsonFixture('openai/chat-text.json')),
    );
    try {
      for (const row of COMPATIBLE_PROVIDERS) {
        await completion({
          model: `${row.id}/some-model`,
          api_base: mock.url,
          api_key: row.requiresApiKey === false ? undefined : 'k',
          messages,
        });
        const sent = mock.requests.at(-1);
        assert.match(sent?.url ?? '', /\/chat\/completions$/, row.id);
        if (row.requiresApiKey !== false) assert.equal(sent?.headers.authorization, 'Bearer k', row.id);
        const model = sent?.json<{ model: string }>().model;
        assert.ok(model === 'some-model' || model === 'accounts/fireworks/models/some-model', `${row.id}: ${model}`);
      }
    } finally {
      await mock.close();
    }
  });
});
