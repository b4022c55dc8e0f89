import type {
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChunkDelta,
  ToolCallDelta,
} from '../../spec/openai-chat.js';
import { fromGeminiLogprobs, mapGeminiFinishReason, splitGeminiText, toOpenAIUsage } from './from-gemini-response.js';
import { applyGeminiPartialArgs } from './gemini-partial-args.js';
import { newGeminiToolCallId } from './gemini-tool-call-id.js';
import type {
  GeminiCandidate,
  GeminiFunctionCall,
  GeminiGenerateContentResponse,
  GeminiPart,
  GeminiUsageMetadata,
} from './wire.js';

/** A function call whose arguments are still arriving as `partialArgs`. */
interface PendingCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly thoughtSignature: string | undefined;
}

/** What the reducer remembers about one choice (one Gemini candidate). */
export interface GeminiStreamChoiceState {
  /** The first chunk with `role` was sent. */
  readonly started: boolean;
  /** Tool calls sent so far: the next call's `index`. */
  readonly toolCalls: number;
  readonly finished: boolean;
  readonly pending: PendingCall | undefined;
}

/** What the reducer remembers between events of one stream. */
export interface GeminiStreamState {
  readonly id: string;
  readonly model: string;
  readonly created: number;
  readonly choices: Readonly<Record<number, GeminiStreamChoiceState>>;
  /** The last `usageMetadata` with token counts (Gemini repeats running totals on every event). */
  readonly usage: GeminiUsageMetadata | undefined;
}

/** One SSE event (a whole `GenerateContentResponse`), or the end of the stream. */
export type GeminiStreamEvent = { type: 'response'; response: GeminiGenerateContentResponse } | { type: 'end' };

const NEW_CHOICE: GeminiStreamChoiceState = { started: false, toolCalls: 0, finished: false, pending: undefined };

/**
 * The state before the first event.
 * @example let state = createGeminiStreamState('gemini-2.5-flash');
 */
export function createGeminiStreamState(modelId: string, created = Math.floor(Date.now() / 1000)): GeminiStreamState {
  return { id: '', model: modelId, created, choices: {}, usage: undefined };
}

/**
 * The pure stream reducer: one Gemini stream event in, OpenAI chunks out. The first chunk of each
 * choice carries `role`; text and thought parts become `content` / `reasoning_content` deltas;
 * each function call becomes one complete tool-call delta (streamed `partialArgs` are gathered
 * until the call ends); `finish_reason` rides on the candidate's last chunk; the `end` event adds a
 * `choices: []` chunk with the usage, as OpenAI's `include_usage` does.
 * @example
 * const { state: next, chunks } = reduceGeminiStream(state, { type: 'response', response: JSON.parse(event.data) });
 */
export function reduceGeminiStream(
  state: GeminiStreamState,
  event: GeminiStreamEvent,
): { state: GeminiStreamState; chunks: ChatCompletionChunk[] } {
  if (event.type === 'end') return endStream(state);
  const { response } = event;
  let next: GeminiStreamState = {
    ...state,
    id: state.id || response.responseId || `chatcmpl-${crypto.randomUUID()}`,
    model: response.modelVersion || state.model,
    usage: hasCounts(response.usageMetadata) ? response.usageMetadata : state.usage,
  };
  const choices: ChatCompletionChunkChoice[] = [];
  const candidates = response.candidates ?? [];
  if (candidates.length === 0 && response.promptFeedback?.blockReason !== undefined) {
    // A blocked prompt has no candidates: LiteLLM answers with a content_filter finish.
    const result = finishChoice(next, 0, {}, 'content_filter');
    next = result.state;
    choices.push(result.choice);
  }
  candidates.forEach((candidate, position) => {
    const result = reduceCandidate(next, candidate, candidate.index ?? position);
    next = result.state;
    if (result.choice) choices.push(result.choice);
  });
  return { state: next, chunks: choices.length > 0 ? [chunk(next, choices)] : [] };
}

function reduceCandidate(
  state: GeminiStreamState,
  candidate: GeminiCandidate,
  index: number,
): { state: GeminiStreamState; choice: ChatCompletionChunkChoice | undefined } {
  let choiceState = state.choices[index] ?? NEW_CHOICE;
  const parts = candidate.content?.parts ?? [];
  const delta: ChunkDelta = {};
  const { content, reasoning } = splitGeminiText(parts);
  if (content !== undefined) delta.content = content;
  if (reasoning !== undefined) delta.reasoning_content = reasoning;
  const toolCalls: ToolCallDelta[] = [];
  for (const part of parts) {
    if (!part.functionCall) continue;
    const result = reduceFunctionCall(choiceState, part);
    choiceState = result.choice;
    toolCalls.push(...result.completed);
  }
  if (candidate.finishReason !== undefined) {
    const flushed = flushPending(choiceState);
    choiceState = flushed.choice;
    toolCalls.push(...flushed.completed);
  }
  if (toolCalls.length > 0) delta.tool_calls = toolCalls;
  const withChoice = withChoiceState(state, index, choiceState);
  if (candidate.finishReason !== undefined) {
    const reason = mapGeminiFinishReason(candidate.finishReason, choiceState.toolCalls > 0);
    const finished = finishChoice(withChoice, index, delta, reason);
    if (candidate.logprobsResult) finished.choice.logprobs = fromGeminiLogprobs(candidate.logprobsResult);
    return finished;
  }
  if (Object.keys(delta).length === 0) return { state: withChoice, choice: undefined };
  const started = startChoice(withChoice, index, delta);
  const choice: ChatCompletionChunkChoice = { index, delta, finish_reason: null };
  if (candidate.logprobsResult) choice.logprobs = fromGeminiLogprobs(candidate.logprobsResult);
  return { state: started, choice };
}

/**
 * One `functionCall` part. A call without `willContinue` or `partialArgs` is whole; otherwise it is
 * streamed: a part with `name` opens it (with any `args` it already has), `partialArgs` parts fill
 * it, and the first part without `willContinue` (often `functionCall: {}`) closes it.
 */
function reduceFunctionCall(
  choice: GeminiStreamChoiceState,
  part: GeminiPart,
): { choice: GeminiStreamChoiceState; completed: ToolCallDelta[] } {
  const call = part.functionCall as GeminiFunctionCall;
  const streamed = call.willContinue === true || call.partialArgs !== undefined || (!call.name && !call.args);
  if (!streamed) {
    const flushed = flushPending(choice);
    const whole = toolCallDelta(flushed.choice.toolCalls, call.name ?? '', call.args ?? {}, part.thoughtSignature);
    return {
      choice: { ...flushed.choice, toolCalls: flushed.choice.toolCalls + 1 },
      completed: [...flushed.completed, whole],
    };
  }
  let current = choice;
  const completed: ToolCallDelta[] = [];
  if (call.name) {
    const flushed = flushPending(current);
    completed.push(...flushed.completed);
    current = {
      ...flushed.choice,
      pending: { name: call.name, args: call.args ?? {}, thoughtSignature: part.thoughtSignature },
    };
  }
  if (call.partialArgs && current.pending) {
    current = {
      ...current,
      pending: { ...current.pending, args: applyGeminiPartialArgs(current.pending.args, call.partialArgs) },
    };
  }
  if (call.willContinue !== true) {
    const flushed = flushPending(current);
    completed.push(...flushed.completed);
    current = flushed.choice;
  }
  return { choice: current, completed };
}

function flushPending(choice: GeminiStreamChoiceState): {
  choice: GeminiStreamChoiceState;
  completed: ToolCallDelta[];
} {
  const { pending } = choice;
  if (!pending) return { choice, completed: [] };
  const delta = toolCallDelta(choice.toolCalls, pending.name, pending.args, pending.thoughtSignature);
  return { choice: { ...choice, pending: undefined, toolCalls: choice.toolCalls + 1 }, completed: [delta] };
}

function toolCallDelta(
  index: number,
  name: string,
  args: Record<string, unknown>,
  signature: string | undefined,
): ToolCallDelta {
  return {
    index,
    id: newGeminiToolCallId(signature),
    type: 'function',
    function: { name, arguments: JSON.stringify(args) },
  };
}

function endStream(state: GeminiStreamState): { state: GeminiStreamState; chunks: ChatCompletionChunk[] } {
  let next = state;
  const choices: ChatCompletionChunkChoice[] = [];
  for (const [key, choiceState] of Object.entries(state.choices)) {
    if (choiceState.finished) continue;
    // The stream ended without a finishReason: close what is open so the caller still gets it.
    const index = Number(key);
    const flushed = flushPending(choiceState);
    const delta: ChunkDelta = flushed.completed.length > 0 ? { tool_calls: flushed.completed } : {};
    const reason = flushed.choice.toolCalls > 0 ? 'tool_calls' : 'stop';
    const result = finishChoice(withChoiceState(next, index, flushed.choice), index, delta, reason);
    next = result.state;
    choices.push(result.choice);
  }
  const chunks = choices.length > 0 ? [chunk(next, choices)] : [];
  if (next.usage) chunks.push({ ...chunk(next, []), usage: toOpenAIUsage(next.usage) });
  return { state: next, chunks };
}

function finishChoice(
  state: GeminiStreamState,
  index: number,
  delta: ChunkDelta,
  reason: ChatCompletionChunkChoice['finish_reason'],
): { state: GeminiStreamState; choice: ChatCompletionChunkChoice } {
  const started = startChoice(state, index, delta);
  const current = started.choices[index] ?? NEW_CHOICE;
  return {
    state: withChoiceState(started, index, { ...current, finished: true }),
    choice: { index, delta, finish_reason: reason },
  };
}

/** Adds `role` to the choice's first delta. */
function startChoice(state: GeminiStreamState, index: number, delta: ChunkDelta): GeminiStreamState {
  const current = state.choices[index] ?? NEW_CHOICE;
  if (current.started) return state;
  delta.role = 'assistant';
  return withChoiceState(state, index, { ...current, started: true });
}

function withChoiceState(state: GeminiStreamState, index: number, choice: GeminiStreamChoiceState): GeminiStreamState {
  return { ...state, choices: { ...state.choices, [index]: choice } };
}

function chunk(state: GeminiStreamState, choices: ChatCompletionChunkChoice[]): ChatCompletionChunk {
  return {
    id: state.id || `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion.chunk',
    created: state.created,
    model: state.model,
    choices,
  };
}

function hasCounts(usage: GeminiUsageMetadata | undefined): usage is GeminiUsageMetadata {
  return (
    usage?.promptTokenCount !== undefined ||
    usage?.totalTokenCount !== undefined ||
    usage?.candidatesTokenCount !== undefined
  );
}
