import * as catalog from '../errors/catalog.js';
import type { LLMuxError } from '../errors/llmux-error.js';
import { sleep } from '../http/with-retries.js';
import { resolveModel } from '../providers/registry.js';
import type { CancelSignal } from '../spec/cancel-signal.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ToolCall } from '../spec/openai-chat.js';
import { CompletionStream, type StreamHooks } from './completion-stream.js';
import type { HiddenParams } from './hidden-params.js';
import type { ChatResult } from './model-response.js';
import { DEFAULT_TIMEOUT_SECONDS, type RequestOptions } from './resolve-call.js';
import { estimateUsage, priceOverrides, responseCost } from './response-accounting.js';

type ErrorClass = new (options: { message: string; model?: string; provider?: string }) => LLMuxError;

/**
 * `mock_response`, as LiteLLM: a string answers with that text, `"litellm.RateLimitError"` (any
 * catalog name) or an `Error` is thrown, an object is merged over a well-formed response.
 * No network call is made and no key is needed.
 */
export async function mockCompletion(
  request: ChatCompletionRequest,
  litellm: LiteLLMParams,
  options: RequestOptions = {},
): Promise<ChatResult> {
  await mockWait(request, litellm, options.signal);
  throwIfMockError(request, litellm);
  const response = await buildMockResponse(request, litellm);
  return { response, facts: mockHiddenParams(request, litellm, response) };
}

/** The streamed form of `mock_response`: the text in small chunks, then a finish chunk. */
export async function mockCompletionStream(
  request: ChatCompletionRequest,
  litellm: LiteLLMParams,
  options: RequestOptions,
  hooks?: StreamHooks,
  prefetch = false,
): Promise<CompletionStream> {
  await mockWait(request, litellm, options.signal);
  throwIfMockError(request, litellm);
  const response = await buildMockResponse(request, litellm);
  const facts = mockHiddenParams(request, litellm, response);
  facts.response_cost = undefined;
  const source = mockChunks(response, options.signal);
  return CompletionStream.open({ call: undefined, source, request, litellm, facts, hooks, prefetch });
}

/** Whether a call is answered by the mock: `mock_response`, or LiteLLM's `mock_timeout: true`. */
export function isMockCall(litellm: LiteLLMParams): boolean {
  return litellm.mock_response !== undefined || litellm['mock_timeout'] === true;
}

/**
 * LiteLLM's `mock_timeout: true` waits out the call's `timeout`, then fails with `Timeout` (408), so
 * timeouts and their retries and fallbacks can be tried without a slow upstream. `mock_delay`
 * (seconds) holds a mock answer back, never past the call's timeout (then it is a `Timeout` too).
 */
async function mockWait(
  request: ChatCompletionRequest,
  litellm: LiteLLMParams,
  signal: CancelSignal | undefined,
): Promise<void> {
  const timeout = positiveSeconds(litellm.timeout) ?? DEFAULT_TIMEOUT_SECONDS;
  const delay = litellm['mock_timeout'] === true ? timeout : positiveSeconds(litellm['mock_delay']);
  if (delay === undefined) return;
  await sleep(Math.min(delay, timeout) * 1000, signal);
  if (delay >= timeout) {
    throw new catalog.Timeout({
      message: `This is a mock timeout error (model=${request.model})`,
      model: request.model,
      provider: 'mock',
    });
  }
}

function positiveSeconds(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

function throwIfMockError(request: ChatCompletionRequest, litellm: LiteLLMParams): void {
  const mock = litellm.mock_response;
  if (mock instanceof Error) throw mock;
  if (typeof mock !== 'string' || !mock.startsWith('litellm.')) return;
  const ErrorType = (catalog as unknown as Record<string, ErrorClass | undefined>)[mock.slice('litellm.'.length)];
  if (ErrorType)
    throw new ErrorType({
      message: `This is a mock exception for model=${request.model}`,
      model: request.model,
      provider: 'mock',
    });
}

async function buildMockResponse(request: ChatCompletionRequest, litellm: LiteLLMParams): Promise<ChatCompletion> {
  const mock = litellm.mock_response;
  const text = typeof mock === 'string' ? mock : 'This is a mock request';
  const toolCalls: ToolCall[] | undefined = litellm.mock_tool_calls?.map((call, index) => ({
    id: call.id ?? `call_mock_${index}`,
    type: 'function',
    function: call.function,
  }));
  const response: ChatCompletion = {
    id: `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: toolCalls ? null : text,
          refusal: null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage: await estimateUsage({ model: request.model, messages: request.messages, outputText: toolCalls ? '' : text }),
  };
  if (mock && typeof mock === 'object' && !(mock instanceof Error)) Object.assign(response, mock);
  return response;
}

function mockHiddenParams(
  request: ChatCompletionRequest,
  litellm: LiteLLMParams,
  response: ChatCompletion,
): HiddenParams {
  let provider = 'openai';
  let modelId = request.model;
  try {
    ({
      modelId,
      provider: { id: provider },
    } = resolveModel(request.model, litellm.custom_llm_provider));
  } catch {
    // A mock may name any model, known or not.
  }
  return {
    custom_llm_provider: provider,
    model: modelId,
    api_base: litellm.api_base,
    response_cost: responseCost({ provider, modelId, usage: response.usage, litellm }),
    additional_headers: {},
    warnings: [],
    litellm_params: priceOverrides(litellm),
  };
}

async function* mockChunks(
  response: ChatCompletion,
  signal: CancelSignal | undefined,
): AsyncGenerator<ChatCompletionChunk> {
  const base = {
    id: response.id,
    object: 'chat.completion.chunk' as const,
    created: response.created,
    model: response.model,
  };
  const choice = response.choices[0];
  const message = choice?.message;
  const pieces = message?.content ? (message.content.match(/\S+\s*|\s+/g) ?? []) : [];
  yield { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
  for (const piece of pieces) {
    if (signal?.aborted) throw signal.reason;
    yield { ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
  }
  const toolCalls = message?.tool_calls?.map((call, index) => ({ index, ...call }));
  if (toolCalls) yield { ...base, choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: null }] };
  yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: choice?.finish_reason ?? 'stop' }] };
  yield { ...base, choices: [], usage: response.usage };
}
