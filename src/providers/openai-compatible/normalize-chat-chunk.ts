import type {
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChunkDelta,
  ToolCallDelta,
} from '../../spec/openai-chat.js';
import { normalizeFinishReason, normalizeUsage, openaiMetadata } from './normalize-chat-completion.js';
import { splitMistralStyleContent } from './split-content-parts.js';

/** What the chunk normaliser remembers between chunks of one stream. */
export interface ChunkNormalizerState {
  id: string;
  model: string;
  created: number;
  /** Tool-call index per choice and call id, for vendors that omit `index` (Mistral). */
  toolIndexes: Map<string, number>;
  toolCounts: Map<number, number>;
}

export function createChunkNormalizerState(model: string): ChunkNormalizerState {
  return {
    id: '',
    model,
    created: Math.floor(Date.now() / 1000),
    toolIndexes: new Map(),
    toolCounts: new Map(),
  };
}

/**
 * One vendor chunk in OpenAI's exact chunk shape, or `undefined` for chunks that carry nothing
 * (Azure's prompt-filter preamble). Fills `object`, stable `id`/`model`, `finish_reason: null`,
 * tool-call indexes, moves Groq's `x_groq.usage` to `usage`, and splits Mistral's content parts.
 */
export function normalizeChatChunk(
  raw: Record<string, unknown>,
  state: ChunkNormalizerState,
): ChatCompletionChunk | undefined {
  if (typeof raw.id === 'string' && raw.id && !state.id) state.id = raw.id;
  if (typeof raw.model === 'string' && raw.model) state.model = raw.model;
  if (typeof raw.created === 'number' && raw.created > 0) state.created = raw.created;
  const rawUsage = raw.usage ?? (raw.x_groq as { usage?: unknown } | undefined)?.usage;
  const rawChoices = Array.isArray(raw.choices) ? (raw.choices as Record<string, unknown>[]) : [];
  if (rawChoices.length === 0 && !rawUsage) return undefined;
  if (!state.id) state.id = `chatcmpl-${crypto.randomUUID()}`;
  const chunk: ChatCompletionChunk = {
    id: state.id,
    object: 'chat.completion.chunk',
    created: state.created,
    model: state.model,
    choices: rawChoices.map((choice, position) => normalizeChoice(choice, position, state)),
    ...openaiMetadata(raw),
  };
  if (rawUsage) chunk.usage = normalizeUsage(rawUsage);
  return chunk;
}

function normalizeChoice(
  raw: Record<string, unknown>,
  position: number,
  state: ChunkNormalizerState,
): ChatCompletionChunkChoice {
  const index = typeof raw.index === 'number' ? raw.index : position;
  const rawDelta = (raw.delta ?? {}) as Record<string, unknown>;
  const delta: ChunkDelta = {};
  if (rawDelta.role === 'assistant') delta.role = 'assistant';
  if (rawDelta.content !== undefined) {
    const { text, reasoning } = splitMistralStyleContent(rawDelta.content);
    delta.content = text;
    if (reasoning) delta.reasoning_content = reasoning;
  }
  if (typeof rawDelta.reasoning_content === 'string') delta.reasoning_content = rawDelta.reasoning_content;
  else if (typeof rawDelta.reasoning === 'string') delta.reasoning_content = rawDelta.reasoning;
  if (rawDelta.refusal !== undefined) delta.refusal = rawDelta.refusal as string | null;
  if (Array.isArray(rawDelta.tool_calls)) {
    delta.tool_calls = (rawDelta.tool_calls as Record<string, unknown>[]).map((call) =>
      normalizeToolCallDelta(call, index, state),
    );
  }
  if (rawDelta.function_call) delta.function_call = rawDelta.function_call as ChunkDelta['function_call'];
  const finish = raw.finish_reason;
  const result: ChatCompletionChunkChoice = {
    index,
    delta,
    finish_reason: finish === null || finish === undefined ? null : normalizeFinishReason(finish, false),
  };
  if (raw.logprobs !== undefined) result.logprobs = raw.logprobs as ChatCompletionChunkChoice['logprobs'];
  return result;
}

function normalizeToolCallDelta(
  raw: Record<string, unknown>,
  choiceIndex: number,
  state: ChunkNormalizerState,
): ToolCallDelta {
  const rawFunction = (raw.function ?? {}) as Record<string, unknown>;
  const delta: ToolCallDelta = { index: toolCallIndex(raw, choiceIndex, state) };
  if (typeof raw.id === 'string' && raw.id) delta.id = raw.id;
  if (raw.type === 'function' || delta.id) delta.type = 'function';
  const fn: NonNullable<ToolCallDelta['function']> = {};
  if (typeof rawFunction.name === 'string') fn.name = rawFunction.name;
  if (rawFunction.arguments !== undefined && rawFunction.arguments !== null) {
    fn.arguments =
      typeof rawFunction.arguments === 'string' ? rawFunction.arguments : JSON.stringify(rawFunction.arguments);
  }
  delta.function = fn;
  return delta;
}

function toolCallIndex(raw: Record<string, unknown>, choiceIndex: number, state: ChunkNormalizerState): number {
  if (typeof raw.index === 'number') return raw.index;
  const id = typeof raw.id === 'string' && raw.id ? raw.id : undefined;
  const count = state.toolCounts.get(choiceIndex) ?? 0;
  if (id === undefined) return Math.max(0, count - 1);
  const key = `${choiceIndex}:${id}`;
  const known = state.toolIndexes.get(key);
  if (known !== undefined) return known;
  state.toolIndexes.set(key, count);
  state.toolCounts.set(choiceIndex, count + 1);
  return count;
}
