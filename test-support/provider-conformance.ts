import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UnsupportedParamsError } from '../src/errors/index.js';
import { type CompletionParams, completion, type ModelResponse } from '../src/sdk/completion.js';
import type { CompletionStream } from '../src/sdk/completion-stream.js';
import type { ChatCompletionChunk } from '../src/spec/openai-chat.js';
import type { Transport } from '../src/spec/transport.js';
import { assertMatchesOpenAISchema } from './openai-schemas.js';
import { assertTypedError, holdPoint, streamSummary, usageNumbers } from './provider-conformance-checks.js';
import { assertLoopbackAbort } from './provider-conformance-loopback.js';
import {
  type CannedReply,
  type CannedUpstream,
  cannedUpstream,
  type SentRequest,
} from './provider-conformance-transport.js';
import {
  CONFORMANCE_SCRIPT,
  eventStreamReply,
  type ProviderWireFixture,
  type RequestExpectation,
  SCRIPT_ARGUMENTS,
  SCRIPT_TEXT,
} from './provider-conformance-wire.js';

export type { ProviderWireFixture } from './provider-conformance-wire.js';

/** The cases every provider goes through; an entry's `todo` is keyed by these names. */
export const CONFORMANCE_CASES = [
  'text',
  'tool call',
  'stream: text split at random byte boundaries',
  'stream: tool call split at random byte boundaries',
  'stream: recorded body split at random byte boundaries',
  'usage',
  'error 400',
  'error 401',
  'error 429 with retry-after',
  'error 500',
  'error 503',
  'error before the first stream byte (429)',
  'abort mid-stream',
  'leaving a stream early',
  'abort mid-stream over a loopback socket',
] as const;

export type ConformanceCaseName = (typeof CONFORMANCE_CASES)[number];

/** One registry entry's place in the suite: its wire format, plus the few facts where it differs. */
export interface ProviderConformanceEntry {
  wire: ProviderWireFixture;
  /** The provider's own model id (after `provider/`); default `conformance-model`. */
  modelId?: string;
  /** Default `https://upstream.test/v1`. */
  apiBase?: string;
  /** Extra call params (`api_version` …). */
  params?: Partial<CompletionParams>;
  /** The upstream URL, when it is not the wire format's usual one for this base. */
  url?: (options: { apiBase: string; modelId: string; stream: boolean }) => string;
  /** The model id the upstream must receive, when the provider rewrites it. */
  bodyModel?: string;
  /** Whether the provider takes `tools`; when not, the suite checks they are refused before anything is sent. Default true. */
  tools?: boolean;
  /** OpenAI format: whether streams ask for `stream_options.include_usage`. Default true. */
  streamUsage?: boolean;
  /** Checks of the request beyond the wire format's, for a row's quirks (renames, clamps). */
  checkRequest?: (request: SentRequest) => void;
  /** Known failures: the case runs as a node:test `todo` with this reason. */
  todo?: Partial<Record<ConformanceCaseName, string>>;
}

const API_KEY = 'conformance-key';
const DEFAULT_MODEL_ID = 'conformance-model';
const DEFAULT_API_BASE = 'https://upstream.test/v1';
const SPLIT_SEEDS = [1, 2, 3, 4, 5, 6];
const TOOLS: NonNullable<CompletionParams['tools']> = [
  {
    type: 'function',
    function: {
      name: CONFORMANCE_SCRIPT.toolCall.name,
      description: 'Current weather in a city',
      parameters: {
        type: 'object',
        properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['location'],
      },
    },
  },
];

interface CallPlan {
  stream: boolean;
  tools: boolean;
  reply: CannedReply;
  splitSeed?: number | undefined;
  holdAfterBytes?: number | undefined;
  includeUsage?: boolean;
  signal?: AbortSignal;
}

/** One provider under test: builds calls, runs them through `completion()` against a canned upstream. */
class ConformanceSubject {
  readonly modelId: string;
  readonly apiBase: string;

  constructor(
    readonly id: string,
    readonly entry: ProviderConformanceEntry,
  ) {
    this.modelId = entry.modelId ?? DEFAULT_MODEL_ID;
    this.apiBase = entry.apiBase ?? DEFAULT_API_BASE;
  }

  get wire(): ProviderWireFixture {
    return this.entry.wire;
  }

  get takesTools(): boolean {
    return this.entry.tools !== false;
  }

  expectation(options: { stream: boolean; tools: boolean; apiBase?: string }): RequestExpectation {
    const where = { apiBase: options.apiBase ?? this.apiBase, modelId: this.modelId, stream: options.stream };
    return {
      url: (this.entry.url ?? this.wire.url)(where),
      bodyModel: this.entry.bodyModel ?? this.modelId,
      stream: options.stream,
      tools: options.tools,
      streamUsage: this.entry.streamUsage !== false,
      apiKey: API_KEY,
    };
  }

  /** The wire format's checks of the request, then the entry's own. */
  assertRequest(upstream: CannedUpstream, options: { stream: boolean; tools: boolean }): void {
    const request = firstRequest(upstream);
    this.wire.assertRequest(request, this.expectation(options));
    this.entry.checkRequest?.(request);
  }

  async start(plan: CallPlan): Promise<{ upstream: CannedUpstream; result: Promise<unknown> }> {
    const upstream = cannedUpstream({
      reply: plan.reply,
      splitSeed: plan.splitSeed,
      holdAfterBytes: plan.holdAfterBytes,
    });
    return { upstream, result: this.call(plan, { transport: upstream.transport, apiBase: this.apiBase }) };
  }

  /** The `completion()` call of a plan, through this transport and base URL. */
  call(plan: Omit<CallPlan, 'reply'>, through: { transport: Transport; apiBase: string }): Promise<unknown> {
    const params: CompletionParams = {
      model: `${this.id}/${this.modelId}`,
      messages: [{ role: 'user', content: CONFORMANCE_SCRIPT.prompt }],
      api_key: API_KEY,
      api_base: through.apiBase,
      ...this.entry.params,
      ...(plan.tools ? { tools: TOOLS } : {}),
      ...(plan.stream ? { stream: true, stream_options: { include_usage: plan.includeUsage ?? true } } : {}),
    };
    return completion(params, { transport: through.transport, ...(plan.signal ? { signal: plan.signal } : {}) });
  }

  /** Runs a non-streaming call and checks the request against the wire format. */
  async generate(plan: Omit<CallPlan, 'stream'>) {
    const { upstream, result } = await this.start({ ...plan, stream: false });
    const response = (await result) as ModelResponse;
    assert.equal(upstream.requests.length, 1, 'one upstream request');
    this.assertRequest(upstream, { stream: false, tools: plan.tools });
    assertMatchesOpenAISchema('CreateChatCompletionResponse', JSON.parse(JSON.stringify(response)));
    return response;
  }

  /** Runs a whole stream and checks the request against the wire format. */
  async stream(plan: Omit<CallPlan, 'stream' | 'reply'> & { kind: 'text' | 'tool'; body?: string }) {
    const reply = eventStreamReply(plan.body ?? this.wire.streamBody(CONFORMANCE_SCRIPT, plan.kind));
    const { upstream, result } = await this.start({ ...plan, reply, stream: true });
    const stream = (await result) as CompletionStream;
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.equal(upstream.requests.length, 1, 'one upstream request');
    this.assertRequest(upstream, { stream: true, tools: plan.tools });
    assert.equal(upstream.bodyEnd, 'completed', 'the upstream body was read to its end');
    for (const chunk of chunks) {
      assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', JSON.parse(JSON.stringify(chunk)));
    }
    return { chunks, stream };
  }
}

const REPORTED_USAGE = CONFORMANCE_SCRIPT.usage;

function firstRequest(upstream: CannedUpstream): SentRequest {
  const request = upstream.requests[0];
  assert.ok(request, 'the upstream received a request');
  return request;
}

type CaseRun = (subject: ConformanceSubject) => Promise<void>;

const CASE_RUNS: Record<ConformanceCaseName, CaseRun> = {
  text: async (subject) => {
    const response = await subject.generate({ tools: false, reply: subject.wire.textAnswer(CONFORMANCE_SCRIPT) });
    assert.equal(response.object, 'chat.completion');
    assert.equal(response.choices.length, 1);
    const choice = response.choices[0];
    assert.equal(choice?.message.role, 'assistant');
    assert.equal(choice?.message.content, SCRIPT_TEXT);
    assert.equal(choice?.message.tool_calls?.length ?? 0, 0);
    assert.equal(choice?.finish_reason, 'stop');
    assert.deepEqual(usageNumbers(response.usage), REPORTED_USAGE);
  },
  'tool call': async (subject) => {
    if (!subject.takesTools) return assertToolsRefused(subject);
    const response = await subject.generate({ tools: true, reply: subject.wire.toolCallAnswer(CONFORMANCE_SCRIPT) });
    const choice = response.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const calls = choice?.message.tool_calls ?? [];
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.type, 'function');
    assert.equal(calls[0]?.function.name, CONFORMANCE_SCRIPT.toolCall.name);
    assert.deepEqual(JSON.parse(calls[0]?.function.arguments ?? ''), JSON.parse(SCRIPT_ARGUMENTS));
    if (subject.wire.keepsToolCallId) assert.equal(calls[0]?.id, CONFORMANCE_SCRIPT.toolCall.id);
    else assert.ok(calls[0]?.id, 'a tool call id is made up when the provider sends none');
    assert.deepEqual(usageNumbers(response.usage), REPORTED_USAGE);
  },
  'stream: text split at random byte boundaries': (subject) => assertStreamSplits(subject, 'text'),
  'stream: tool call split at random byte boundaries': async (subject) => {
    if (!subject.takesTools) return assertToolsRefused(subject);
    await assertStreamSplits(subject, 'tool');
  },
  'stream: recorded body split at random byte boundaries': async (subject) => {
    const recorded = subject.wire.recordedStream();
    const whole = await subject.stream({ kind: 'text', tools: false, body: recorded.body });
    const expected = streamSummary(whole.chunks, whole.stream);
    assert.equal(expected.content, recorded.text);
    assert.equal(expected.finishReasons.length, 1);
    assert.ok(expected.streamUsage && expected.streamUsage.total > 0, 'the recorded usage is counted');
    for (const seed of SPLIT_SEEDS) {
      const split = await subject.stream({ kind: 'text', tools: false, body: recorded.body, splitSeed: seed });
      assert.deepEqual(streamSummary(split.chunks, split.stream), expected, `split with seed ${seed}`);
    }
  },
  usage: async (subject) => {
    const response = await subject.generate({ tools: false, reply: subject.wire.textAnswer(CONFORMANCE_SCRIPT) });
    assert.deepEqual(usageNumbers(response.usage), REPORTED_USAGE);
    // Not asked for: no chunk carries usage, yet the stream still counts the tokens the provider reported.
    const { chunks, stream } = await subject.stream({ kind: 'text', tools: false, includeUsage: false });
    assert.ok(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null));
    assert.deepEqual(usageNumbers(stream.usage), REPORTED_USAGE);
  },
  'error 400': (subject) => assertErrorMapping(subject, 400, false),
  'error 401': (subject) => assertErrorMapping(subject, 401, false),
  'error 429 with retry-after': (subject) => assertErrorMapping(subject, 429, false),
  'error 500': (subject) => assertErrorMapping(subject, 500, false),
  'error 503': (subject) => assertErrorMapping(subject, 503, false),
  'error before the first stream byte (429)': (subject) => assertErrorMapping(subject, 429, true),
  'abort mid-stream': (subject) => assertAbort(subject, 'signal'),
  'leaving a stream early': (subject) => assertAbort(subject, 'break'),
  'abort mid-stream over a loopback socket': (subject) => assertLoopbackAbort(subject),
};

async function assertToolsRefused(subject: ConformanceSubject): Promise<void> {
  const { upstream, result } = await subject.start({
    stream: false,
    tools: true,
    reply: subject.wire.toolCallAnswer(CONFORMANCE_SCRIPT),
  });
  await assert.rejects(result, UnsupportedParamsError);
  assert.equal(upstream.requests.length, 0, 'nothing is sent');
}

async function assertStreamSplits(subject: ConformanceSubject, kind: 'text' | 'tool'): Promise<void> {
  const tools = kind === 'tool';
  const whole = await subject.stream({ kind, tools });
  const expected = streamSummary(whole.chunks, whole.stream);
  if (kind === 'text') {
    assert.equal(expected.content, SCRIPT_TEXT);
    assert.deepEqual(expected.finishReasons, ['stop']);
  } else {
    assert.equal(expected.toolCalls.length, 1);
    assert.equal(expected.toolCalls[0]?.name, CONFORMANCE_SCRIPT.toolCall.name);
    assert.deepEqual(JSON.parse(expected.toolCalls[0]?.arguments ?? ''), JSON.parse(SCRIPT_ARGUMENTS));
    assert.deepEqual(expected.finishReasons, ['tool_calls']);
    const ids = whole.chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.id);
    const firstId = ids.find(Boolean);
    if (subject.wire.keepsToolCallId) assert.equal(firstId, CONFORMANCE_SCRIPT.toolCall.id);
    else assert.ok(firstId, 'a tool call id is made up when the provider sends none');
  }
  assert.deepEqual(expected.objects, ['chat.completion.chunk']);
  const ids = new Set(whole.chunks.map((chunk) => chunk.id));
  assert.ok(ids.size === 1 && !ids.has(''), `every chunk carries the same id: ${[...ids].join(', ')}`);
  assert.equal(whole.chunks[0]?.choices[0]?.delta.role, 'assistant');
  // Usage comes once, at the end.
  assert.deepEqual(expected.lastUsage, REPORTED_USAGE);
  assert.deepEqual(expected.streamUsage, REPORTED_USAGE);
  assert.ok(whole.chunks.slice(0, -1).every((chunk) => chunk.usage === undefined || chunk.usage === null));
  for (const seed of SPLIT_SEEDS) {
    const split = await subject.stream({ kind, tools, splitSeed: seed });
    assert.deepEqual(streamSummary(split.chunks, split.stream), expected, `split with seed ${seed}`);
  }
}

async function assertErrorMapping(subject: ConformanceSubject, status: number, stream: boolean): Promise<void> {
  const message = `conformance upstream failure ${status}`;
  const { upstream, result } = await subject.start({
    stream,
    tools: false,
    reply: subject.wire.errorAnswer(status, message, CONFORMANCE_SCRIPT),
  });
  await assert.rejects(result, (error) => assertTypedError(error, { id: subject.id, status, message }));
  assert.equal(upstream.requests.length, 1, 'no retry unless asked for');
  subject.assertRequest(upstream, { stream, tools: false });
}

async function assertAbort(subject: ConformanceSubject, how: 'signal' | 'break'): Promise<void> {
  const body = subject.wire.streamBody(CONFORMANCE_SCRIPT, 'text');
  const controller = new AbortController();
  const { upstream, result } = await subject.start({
    stream: true,
    tools: false,
    reply: eventStreamReply(body),
    splitSeed: 7,
    holdAfterBytes: holdPoint(body),
    signal: controller.signal,
  });
  const stream = (await result) as CompletionStream;
  let content = '';
  const read = async () => {
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      if (content === '') continue;
      if (how === 'break') break;
      if (!controller.signal.aborted) controller.abort();
    }
  };
  if (how === 'signal') {
    await assert.rejects(read(), (error: unknown) => {
      assert.equal((error as { name?: string }).name, 'AbortError', `an abort ends the stream, got ${String(error)}`);
      return true;
    });
  } else {
    await read();
  }
  assert.ok(content.length > 0 && content.length < SCRIPT_TEXT.length, 'stopped mid-stream');
  assert.ok(SCRIPT_TEXT.startsWith(content), 'what arrived is the start of the answer');
  assert.equal(upstream.signalAborted, true, "the upstream request's signal is aborted");
  assert.ok(upstream.bodyEnd !== undefined && upstream.bodyEnd !== 'completed', 'the upstream body was let go');
}

/**
 * Registers the provider conformance suite: every id in `providerIds` through every case of
 * `CONFORMANCE_CASES`, driven through the public `completion()` with a canned transport. A
 * registered provider without an entry (or an entry for no registered provider) fails.
 * @example
 * runProviderConformance({ providerIds: listProviderIds(), entries: { groq: { wire: openaiWireFixture } } });
 */
export function runProviderConformance(options: {
  providerIds: readonly string[];
  entries: Readonly<Record<string, ProviderConformanceEntry>>;
}): void {
  const { providerIds, entries } = options;
  describe('provider conformance', () => {
    test('every registered provider has a suite entry, and every entry a provider', () => {
      assert.deepEqual(
        providerIds.filter((id) => !Object.hasOwn(entries, id)),
        [],
        'registered providers without a conformance entry',
      );
      assert.deepEqual(
        Object.keys(entries).filter((id) => !providerIds.includes(id)),
        [],
        'conformance entries for providers that are not registered',
      );
    });
    for (const id of providerIds) {
      const entry = entries[id];
      describe(id, () => {
        if (!entry) {
          test('has a conformance entry', () => assert.fail(`${id} is registered but has no conformance entry`));
          return;
        }
        const subject = new ConformanceSubject(id, entry);
        for (const name of CONFORMANCE_CASES) {
          const todo = entry.todo?.[name];
          test(name, { timeout: 20_000, ...(todo ? { todo } : {}) }, () => CASE_RUNS[name](subject));
        }
      });
    }
  });
}
