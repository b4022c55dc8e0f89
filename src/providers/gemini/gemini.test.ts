import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testCallContext } from '../../../test-support/call-context.js';
import { readChunkLines, readJsonFixture, readTextFile, toSseFrames } from '../../../test-support/fixtures.js';
import { geminiSchemaValidator } from '../../../test-support/gemini-spec.js';
import {
  collect,
  type MockUpstream,
  type RecordedRequest,
  replyJson,
  replySse,
  startMockUpstream,
} from '../../../test-support/mock-upstream.js';
import { assertMatchesOpenAISchema } from '../../../test-support/openai-schemas.js';
import {
  AuthenticationError,
  BadRequestError,
  ContextWindowExceededError,
  type LLMuxError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../errors/index.js';
import { completion, embedding, registerProvider, streamChunkBuilder } from '../../index.js';
import type { ChatCompletionChunk, ChatCompletionRequest, Usage } from '../../spec/openai-chat.js';
import type { CallContext } from '../../spec/provider.js';
import { geminiProvider } from './index.js';
import type { GeminiGenerateContentResponse } from './wire.js';

// ---------- Google's spec, strict enough to catch keys Gemini would reject (see to-gemini-request.test.ts) ----------

const validators = {
  GenerateContentRequest: geminiSchemaValidator('GenerateContentRequest'),
  BatchEmbedContentsRequest: geminiSchemaValidator('BatchEmbedContentsRequest'),
};

function assertMatchesGeminiSchema(name: keyof typeof validators, body: unknown): void {
  const validate = validators[name];
  if (!validate(body)) assert.fail(`${name} mismatch: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
}

// ---------- fixtures and what they should turn into ----------

const MODEL = 'gemini-3-pro-preview';
const messages = [{ role: 'user' as const, content: 'How many r in strawberry?' }];
const request: ChatCompletionRequest = { model: MODEL, messages };
const expectedBody = { contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }] };

function fixtureLines(name: string): string[] {
  return readChunkLines(`google/${name}.chunks.txt`);
}

/** The answer text of a recorded stream, read straight from the fixture (non-thought text parts). */
function recordedText(lines: string[]): string {
  return lines
    .map((line) => JSON.parse(line) as GeminiGenerateContentResponse)
    .flatMap((event) => event.candidates?.[0]?.content?.parts ?? [])
    .filter((part) => typeof part.text === 'string' && part.thought !== true)
    .map((part) => part.text)
    .join('');
}

interface StreamCase {
  fixture: string;
  usage: Usage;
  finish: 'stop' | 'tool_calls';
  toolCalls: { name: string; arguments: unknown }[];
  /** The first call's id carries the recorded thought signature. */
  signedFirstCall: boolean;
}

const nestedRecipe = {
  recipe: {
    ingredients: [
      { amount: '16 oz', name: 'Lasagna noodles' },
      { amount: '1 lb', name: 'Ground beef' },
      { amount: '15 oz', name: 'Ricotta cheese' },
      { amount: '3 cups', name: 'Mozzarella cheese' },
      { amount: '1/2 cup', name: 'Parmesan cheese' },
      { amount: '24 oz', name: 'Tomato sauce' },
      { amount: '1', name: 'Egg' },
      { amount: '2 cloves', name: 'Garlic' },
      { amount: '1 tsp', name: 'Salt' },
      { amount: '1/2 tsp', name: 'Pepper' },
    ],
    name: 'Lasagna',
    steps: [
      'Preheat oven to 375°F (190°C).',
      'Cook lasagna noodles according to package directions, drain and set aside.',
      'Brown ground beef with minced garlic in a skillet. Drain fat and stir in tomato sauce. Simmer for 10 minutes.',
      'In a bowl, mix ricotta cheese, egg, salt, pepper, and Parmesan cheese.',
      'In a 9x13 baking dish, spread a thin layer of meat sauce.',
      'Layer noodles, ricotta mixture, mozzarella, and meat sauce. Repeat.',
      'Top with remaining mozzarella cheese.',
      'Cover with foil and bake for 25 minutes.',
      'Remove foil and bake for another 25 minutes until golden.',
      'Let stand for 15 minutes before serving.',
    ],
  },
};

const streamCases: StreamCase[] = [
  {
    fixture: 'text',
    usage: {
      prompt_tokens: 9,
      completion_tokens: 208,
      total_tokens: 217,
      completion_tokens_details: { reasoning_tokens: 185 },
    },
    finish: 'stop',
    toolCalls: [],
    signedFirstCall: false,
  },
  {
    fixture: 'thinking',
    usage: {
      prompt_tokens: 9,
      completion_tokens: 285,
      total_tokens: 294,
      completion_tokens_details: { reasoning_tokens: 256 },
    },
    finish: 'stop',
    toolCalls: [],
    signedFirstCall: false,
  },
  {
    fixture: 'thinking-gemini3',
    usage: {
      prompt_tokens: 9,
      completion_tokens: 325,
      total_tokens: 334,
      completion_tokens_details: { reasoning_tokens: 302 },
    },
    finish: 'stop',
    toolCalls: [],
    signedFirstCall: false,
  },
  {
    fixture: 'function-call',
    usage: {
      prompt_tokens: 29,
      completion_tokens: 60,
      total_tokens: 89,
      completion_tokens_details: { reasoning_tokens: 45 },
    },
    finish: 'tool_calls',
    toolCalls: [{ name: 'weather', arguments: { location: 'San Francisco' } }],
    signedFirstCall: true,
  },
  {
    fixture: 'function-call-streamed-arguments',
    usage: {
      prompt_tokens: 26,
      completion_tokens: 155,
      total_tokens: 181,
      completion_tokens_details: { reasoning_tokens: 132 },
    },
    finish: 'tool_calls',
    toolCalls: [
      { name: 'getWeather', arguments: { location: 'Boston' } },
      { name: 'getWeather', arguments: { location: 'San Francisco' } },
    ],
    signedFirstCall: true,
  },
  {
    fixture: 'vertex-function-call-streamed-arguments-nested',
    usage: {
      prompt_tokens: 31,
      completion_tokens: 1710,
      total_tokens: 1741,
      completion_tokens_details: { reasoning_tokens: 1026 },
    },
    finish: 'tool_calls',
    toolCalls: [{ name: 'cookRecipe', arguments: nestedRecipe }],
    signedFirstCall: true,
  },
];

const SEEDS = [1, 2, 3, 7, 42];

function assertSentToGemini(sent: RecordedRequest | undefined, path: string): void {
  assert.ok(sent, 'a request reached the mock');
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, path);
  assert.equal(sent.headers['x-goog-api-key'], 'test-key');
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.ok(!sent.url.includes('key='), 'the key is never in the URL');
}

/** Tool calls rebuilt from deltas, as a client would, by index. */
function rebuildToolCalls(chunks: ChatCompletionChunk[]) {
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      calls[delta.index] ??= { id: '', name: '', arguments: '' };
      const call = calls[delta.index] as { id: string; name: string; arguments: string };
      call.id += delta.id ?? '';
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

function firstSignature(fixture: string): string | undefined {
  const first = JSON.parse(fixtureLines(fixture)[0] ?? '{}') as GeminiGenerateContentResponse;
  return first.candidates?.[0]?.content?.parts?.find((part) => part.functionCall)?.thoughtSignature;
}

// ---------- tests ----------

describe('gemini provider: recorded streams through a mock upstream', () => {
  let mock: MockUpstream;
  let frames: string[] = [];
  let seed = 0;
  let context: CallContext;
  before(async () => {
    mock = await startMockUpstream((_request, response) => replySse(response, frames, { seed }));
    context = testCallContext({ apiBase: `${mock.url}/v1beta`, modelId: MODEL });
  });
  after(() => mock.close());

  for (const streamCase of streamCases) {
    test(`${streamCase.fixture}.chunks.txt, CRLF framing split at random bytes (seeds ${SEEDS.join(', ')})`, async () => {
      const lines = fixtureLines(streamCase.fixture);
      for (const nextSeed of SEEDS) {
        frames = toSseFrames(lines, 'gemini');
        seed = nextSeed;
        const { data } = await geminiProvider.doStream(request, context);
        const chunks = await collect(data);
        const sent = mock.requests.at(-1);
        assertSentToGemini(sent, `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`);
        assert.deepEqual(sent?.json(), expectedBody);
        assertMatchesGeminiSchema('GenerateContentRequest', sent?.json());

        for (const chunk of chunks) assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);
        assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant', `seed ${nextSeed}: role first`);
        const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
        assert.equal(text, recordedText(lines), `seed ${nextSeed}: text`);
        const finishes = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason).filter(Boolean));
        assert.deepEqual(finishes, [streamCase.finish]);
        const last = chunks.at(-1);
        assert.deepEqual(last?.choices, []);
        assert.deepEqual(last?.usage, streamCase.usage);

        const calls = rebuildToolCalls(chunks);
        assert.deepEqual(
          calls.map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments) })),
          streamCase.toolCalls,
        );
        if (streamCase.signedFirstCall)
          assert.ok(calls[0]?.id.endsWith(`__thought__${firstSignature(streamCase.fixture)}`));
        const rebuilt = streamChunkBuilder(chunks);
        assert.equal(rebuilt.choices[0]?.finish_reason, streamCase.finish);
      }
    });
  }

  test('an error envelope inside the stream becomes a typed error after the chunks before it', async () => {
    const lines = readTextFile(new URL('./__fixtures__/stream-error-mid-stream.chunks.txt', import.meta.url))
      .split('\n')
      .filter(Boolean);
    frames = toSseFrames(lines, 'gemini');
    const { data } = await geminiProvider.doStream(request, context);
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of data) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
      (error: unknown) =>
        error instanceof ServiceUnavailableError && /overloaded/.test(error.message) && error.code === 'UNAVAILABLE',
    );
    assert.deepEqual(seen, ['Partial answer']);
  });
});

describe('gemini provider: recorded whole responses', () => {
  const cases = [
    {
      fixture: 'text',
      finish: 'stop',
      usage: {
        prompt_tokens: 9,
        completion_tokens: 272,
        total_tokens: 281,
        completion_tokens_details: { reasoning_tokens: 244 },
      },
    },
    {
      fixture: 'thinking',
      finish: 'stop',
      usage: {
        prompt_tokens: 9,
        completion_tokens: 311,
        total_tokens: 320,
        completion_tokens_details: { reasoning_tokens: 282 },
      },
    },
    {
      fixture: 'thinking-gemini3',
      finish: 'stop',
      usage: {
        prompt_tokens: 9,
        completion_tokens: 287,
        total_tokens: 296,
        completion_tokens_details: { reasoning_tokens: 258 },
      },
    },
    {
      fixture: 'function-call',
      finish: 'tool_calls',
      usage: {
        prompt_tokens: 29,
        completion_tokens: 908,
        total_tokens: 937,
        completion_tokens_details: { reasoning_tokens: 893 },
      },
    },
  ] as const;
  let mock: MockUpstream;
  let body: unknown;
  before(async () => {
    mock = await startMockUpstream((_request, response) =>
      replyJson(response, 200, body, { 'x-ratelimit-remaining': '7' }),
    );
  });
  after(() => mock.close());

  for (const entry of cases) {
    test(`${entry.fixture}.json`, async () => {
      const recorded = readJsonFixture<GeminiGenerateContentResponse>(`google/${entry.fixture}.json`);
      body = recorded;
      // A `models/` prefix on the id is accepted and not doubled.
      const context = testCallContext({ apiBase: `${mock.url}/v1beta/`, modelId: `models/${MODEL}` });
      const { data, headers } = await geminiProvider.doGenerate(request, context);
      const sent = mock.requests.at(-1);
      assertSentToGemini(sent, `/v1beta/models/${MODEL}:generateContent`);
      assert.deepEqual(sent?.json(), expectedBody);
      assert.equal(headers['x-ratelimit-remaining'], '7');
      assertMatchesOpenAISchema('CreateChatCompletionResponse', JSON.parse(JSON.stringify(data)));
      assert.equal(data.id, recorded.responseId);
      assert.equal(data.model, recorded.modelVersion);
      const parts = recorded.candidates?.[0]?.content?.parts ?? [];
      const text = parts.map((part) => part.text ?? '').join('');
      assert.equal(data.choices[0]?.message.content, text === '' ? null : text);
      assert.equal(data.choices[0]?.finish_reason, entry.finish);
      assert.deepEqual(data.usage, entry.usage);
      const call = parts.find((part) => part.functionCall);
      if (call) {
        const [toolCall] = data.choices[0]?.message.tool_calls ?? [];
        assert.equal(toolCall?.function.name, call.functionCall?.name);
        assert.deepEqual(JSON.parse(toolCall?.function.arguments ?? ''), call.functionCall?.args);
        assert.match(toolCall?.id ?? '', /^call_[0-9a-f]{28}__thought__/);
        assert.ok(toolCall?.id.endsWith(call.thoughtSignature ?? '-'));
      }
    });
  }

  test('thought parts become reasoning_content; a blocked prompt is a content_filter finish', async () => {
    body = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'Count the r.', thought: true }, { text: 'Three.' }] },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: {
        promptTokenCount: 3,
        candidatesTokenCount: 2,
        thoughtsTokenCount: 4,
        totalTokenCount: 9,
        cachedContentTokenCount: 1,
      },
    };
    const context = testCallContext({ apiBase: `${mock.url}/v1beta`, modelId: 'gemini-2.5-flash' });
    const { data } = await geminiProvider.doGenerate({ ...request, reasoning_effort: 'low' }, context);
    assert.equal(data.choices[0]?.message.content, 'Three.');
    assert.equal(data.choices[0]?.message.reasoning_content, 'Count the r.');
    assert.equal(data.model, 'gemini-2.5-flash', 'no modelVersion: the requested model');
    assert.deepEqual(data.usage, {
      prompt_tokens: 3,
      completion_tokens: 6,
      total_tokens: 9,
      prompt_tokens_details: { cached_tokens: 1 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    assert.deepEqual(mock.requests.at(-1)?.json<{ generationConfig: unknown }>().generationConfig, {
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    body = JSON.parse(readTextFile(new URL('./__fixtures__/prompt-blocked.json', import.meta.url)));
    const blocked = await geminiProvider.doGenerate(request, context);
    assert.deepEqual(blocked.data.choices, [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null },
        finish_reason: 'content_filter',
        logprobs: null,
      },
    ]);
    assert.equal(blocked.data.usage.prompt_tokens, 12);
  });
});

describe('gemini provider: errors', () => {
  const cases: {
    name: string;
    status: number;
    body: unknown;
    type: new (...args: never[]) => LLMuxError;
    code: string;
    retryAfter?: number;
  }[] = [
    {
      name: 'recorded 429 with RetryInfo 34.4s',
      status: 429,
      body: readJsonFixture('google/error-429-resource-exhausted.json'),
      type: RateLimitError,
      code: 'RESOURCE_EXHAUSTED',
      retryAfter: 34.4,
    },
    {
      name: '429 with RetryInfo 14s',
      status: 429,
      body: local('error-429-retry-14s.json'),
      type: RateLimitError,
      code: 'RESOURCE_EXHAUSTED',
      retryAfter: 14,
    },
    {
      name: '400 token limit',
      status: 400,
      body: local('error-400-token-limit.json'),
      type: ContextWindowExceededError,
      code: 'INVALID_ARGUMENT',
    },
    {
      name: '400 API_KEY_INVALID',
      status: 400,
      body: local('error-400-api-key-invalid.json'),
      type: AuthenticationError,
      code: 'INVALID_ARGUMENT',
    },
    {
      name: '403 PERMISSION_DENIED',
      status: 403,
      body: local('error-403-permission-denied.json'),
      type: PermissionDeniedError,
      code: 'PERMISSION_DENIED',
    },
    {
      name: '404 NOT_FOUND',
      status: 404,
      body: local('error-404-model-not-found.json'),
      type: NotFoundError,
      code: 'NOT_FOUND',
    },
    {
      name: '503 UNAVAILABLE',
      status: 503,
      body: local('error-503-unavailable.json'),
      type: ServiceUnavailableError,
      code: 'UNAVAILABLE',
    },
  ];
  let mock: MockUpstream;
  let reply: { status: number; body: unknown } = { status: 500, body: {} };
  before(async () => {
    mock = await startMockUpstream((_request, response) => replyJson(response, reply.status, reply.body));
  });
  after(() => mock.close());

  for (const entry of cases) {
    test(`${entry.name} → ${entry.type.name}, from generateContent and streamGenerateContent`, async () => {
      reply = { status: entry.status, body: entry.body };
      const context = testCallContext({ apiBase: `${mock.url}/v1beta`, modelId: MODEL });
      for (const call of [
        () => geminiProvider.doGenerate(request, context),
        () => geminiProvider.doStream(request, context),
      ]) {
        const error = await call().then(
          () => assert.fail('expected an error'),
          (caught: unknown) => caught,
        );
        assert.ok(error instanceof entry.type, `${entry.name}: got ${(error as Error)?.constructor?.name}`);
        assert.equal(error.code, entry.code);
        assert.equal(error.provider, 'gemini');
        assert.equal(error.retryAfter, entry.retryAfter);
        assert.match(
          error.message,
          new RegExp(
            (entry.body as { error: { message: string } }).error.message.slice(0, 20).replace(/[().]/g, '\\$&'),
          ),
        );
        assert.deepEqual(error.body, entry.body);
      }
    });
  }
});

describe('gemini provider: embeddings', () => {
  let mock: MockUpstream;
  before(async () => {
    mock = await startMockUpstream((_request, response) =>
      replyJson(response, 200, local('batch-embed-contents.json')),
    );
  });
  after(() => mock.close());

  test('batchEmbedContents: one request per input, dimensions → outputDimensionality, estimated usage', async () => {
    const context = testCallContext({ apiBase: `${mock.url}/v1beta`, modelId: 'text-embedding-004' });
    const { data } = await (geminiProvider.doEmbed?.(
      { model: 'text-embedding-004', input: ['hello world', 'hi'], dimensions: 3 },
      context,
    ) ?? assert.fail('doEmbed is defined'));
    const sent = mock.requests.at(-1);
    assertSentToGemini(sent, '/v1beta/models/text-embedding-004:batchEmbedContents');
    assert.deepEqual(sent?.json(), {
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'hello world' }] }, outputDimensionality: 3 },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'hi' }] }, outputDimensionality: 3 },
      ],
    });
    assertMatchesGeminiSchema('BatchEmbedContentsRequest', sent?.json());
    assert.deepEqual(data, {
      object: 'list',
      model: 'text-embedding-004',
      data: [
        { object: 'embedding', index: 0, embedding: [0.013168523, -0.008711934, -0.046782676] },
        { object: 'embedding', index: 1, embedding: [0.25, -0.5, 0.125] },
      ],
      // ceil(11 / 4) + ceil(2 / 4): Gemini reports no token counts for embeddings.
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    assertMatchesOpenAISchema('CreateEmbeddingResponse', data);
  });

  test("base64 (the openai client's default) is float32 little-endian; token ids are refused before sending", async () => {
    const context = testCallContext({ apiBase: `${mock.url}/v1beta`, modelId: 'gemini-embedding-001' });
    const { data } = await (geminiProvider.doEmbed?.(
      { model: 'gemini-embedding-001', input: 'x', encoding_format: 'base64' },
      context,
    ) ?? assert.fail('doEmbed is defined'));
    const bytes = Buffer.from(String(data.data[1]?.embedding), 'base64');
    assert.deepEqual([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)], [0.25, -0.5, 0.125]);
    const count = mock.requests.length;
    await assert.rejects(
      Promise.resolve().then(() => geminiProvider.doEmbed?.({ model: 'm', input: [1, 2, 3] }, context)),
      BadRequestError,
    );
    assert.equal(mock.requests.length, count);
  });
});

describe('gemini provider: through the SDK', () => {
  let mock: MockUpstream;
  before(async () => {
    registerProvider(geminiProvider);
    mock = await startMockUpstream((incoming, response) =>
      incoming.url.includes(':streamGenerateContent')
        ? replySse(response, toSseFrames(fixtureLines('function-call'), 'gemini'), { seed: 5 })
        : replyJson(response, 200, local('batch-embed-contents.json')),
    );
  });
  after(() => mock.close());

  test('gemini/<model> streams with include_usage, and an unsupported param is refused unless dropped', async () => {
    const base = { api_base: `${mock.url}/v1beta`, api_key: 'sdk-key', messages };
    const stream = await completion({
      ...base,
      model: `gemini/${MODEL}`,
      stream: true,
      stream_options: { include_usage: true },
      tool_choice: 'auto',
    });
    const chunks = await collect(stream);
    assert.equal(mock.requests.at(-1)?.headers['x-goog-api-key'], 'sdk-key');
    assert.deepEqual(mock.requests.at(-1)?.json<{ toolConfig: unknown }>().toolConfig, {
      functionCallingConfig: { mode: 'AUTO' },
    });
    assert.equal(chunks.at(-1)?.usage?.total_tokens, 89);
    assert.equal(stream.usage?.completion_tokens, 60);
    await assert.rejects(
      completion({ ...base, model: `gemini/${MODEL}`, logit_bias: { '1': 1 } }),
      /does not support parameters: \['logit_bias'\]/,
    );
    const vectors = await embedding({
      api_base: `${mock.url}/v1beta`,
      api_key: 'k',
      model: 'gemini/text-embedding-004',
      input: ['a'],
    });
    assert.equal(vectors.data.length, 2);
  });

  test('the provider describes itself as LiteLLM does', () => {
    assert.equal(geminiProvider.id, 'gemini');
    assert.deepEqual(geminiProvider.apiKeyEnv, ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    assert.deepEqual(geminiProvider.apiBaseEnv, ['GEMINI_API_BASE']);
    assert.equal(geminiProvider.defaultApiBase, 'https://generativelanguage.googleapis.com/v1beta');
    const flash = geminiProvider.supportedParams('gemini-2.5-flash');
    for (const name of [
      'tools',
      'tool_choice',
      'response_format',
      'reasoning_effort',
      'stream_options',
      'n',
      'seed',
      'top_logprobs',
    ])
      assert.ok(flash.has(name), name);
    for (const name of ['logit_bias', 'user', 'service_tier', 'store']) assert.ok(!flash.has(name), name);
    assert.ok(!geminiProvider.supportedParams('gemini-2.0-flash').has('reasoning_effort'));
  });
});

function local(name: string): unknown {
  return JSON.parse(readTextFile(new URL(`./__fixtures__/${name}`, import.meta.url)));
}
