import type { ChatCompletionChunk, ChunkDelta, FinishReason } from '../../spec/openai-chat.js';
import { mapAnthropicFinishReason, mapAnthropicUsage } from './from-anthropic-response.js';
import { ANTHROPIC_JSON_TOOL_NAME } from './to-anthropic-tools.js';
import type {
  AnthropicContentDelta,
  AnthropicErrorDetail,
  AnthropicResponseBlock,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './wire.js';

/** What an open content block is, keyed by Anthropic's block index. */
interface StreamBlock {
  kind: 'text' | 'tool_use' | 'json_tool' | 'thinking' | 'redacted_thinking' | 'other';
  /** OpenAI tool-call index: tool_use blocks counted from 0, not Anthropic's block index. */
  toolCallIndex: number;
  /** Whether any argument text arrived, so an argument-less call can be closed with `{}`. */
  hasArguments: boolean;
}

/** Everything the reducer remembers between Anthropic stream events. */
export interface AnthropicStreamState {
  readonly id: string;
  readonly model: string;
  readonly created: number;
  /** The request used the `json_tool_call` trick: that tool's input streams as content. */
  readonly jsonMode: boolean;
  readonly sentRole: boolean;
  readonly toolCallCount: number;
  readonly blocks: Readonly<Record<number, StreamBlock>>;
  /** Usage so far: `message_start` values, overridden by the cumulative ones of `message_delta`. */
  readonly usage: AnthropicUsage;
  readonly streamedJsonTool: boolean;
}

/** One step of the reducer: the next state, the chunks to yield, and an upstream error to raise, if any. */
export interface AnthropicStreamStep {
  state: AnthropicStreamState;
  chunks: ChatCompletionChunk[];
  error?: AnthropicErrorDetail;
}

/**
 * The reducer's starting state. `created` is passed in so that the reducer stays pure.
 * @example createAnthropicStreamState({ model: 'claude-sonnet-4-5', created: 1700000000 })
 */
export function createAnthropicStreamState(options: {
  model: string;
  created: number;
  jsonMode?: boolean;
}): AnthropicStreamState {
  return {
    id: '',
    model: options.model,
    created: options.created,
    jsonMode: options.jsonMode ?? false,
    sentRole: false,
    toolCallCount: 0,
    blocks: {},
    usage: {},
    streamedJsonTool: false,
  };
}

type DraftState = { -readonly [Key in keyof AnthropicStreamState]: AnthropicStreamState[Key] } & {
  blocks: Record<number, StreamBlock>;
};

/**
 * A pure reducer from one Anthropic stream event to OpenAI `chat.completion.chunk`s. The first chunk
 * carries `role: 'assistant'`; the `message_delta` chunk carries `finish_reason` and the whole `usage`.
 * @example
 * let state = createAnthropicStreamState({ model: 'm', created: 0 });
 * const step = reduceAnthropicStreamEvent(state, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } });
 * // step.chunks[0].choices[0].delta → { role: 'assistant', content: 'Hi' }
 */
export function reduceAnthropicStreamEvent(
  state: AnthropicStreamState,
  event: AnthropicStreamEvent,
): AnthropicStreamStep {
  const draft: DraftState = { ...state, blocks: { ...state.blocks } };
  const chunks: ChatCompletionChunk[] = [];
  const emit = (delta: ChunkDelta, finishReason: FinishReason | null = null, withUsage = false): void => {
    chunks.push(buildChunk(draft, delta, finishReason, withUsage));
  };
  switch (event.type) {
    case 'message_start':
      draft.id = event.message.id || draft.id;
      draft.model = event.message.model || draft.model;
      draft.usage = { ...event.message.usage };
      emit({ content: '' });
      break;
    case 'content_block_start':
      startBlock(draft, event.index, event.content_block, emit);
      break;
    case 'content_block_delta':
      applyBlockDelta(draft, event.index, event.delta, emit);
      break;
    case 'content_block_stop':
      stopBlock(draft, event.index, emit);
      break;
    case 'message_delta': {
      draft.usage = mergeUsage(draft.usage, event.usage);
      // With the JSON tool trick the tool call was the answer, so the turn ended normally (as in LiteLLM).
      const finishReason = draft.streamedJsonTool ? 'stop' : mapAnthropicFinishReason(event.delta.stop_reason);
      emit({}, finishReason, true);
      break;
    }
    case 'error':
      return { state: draft, chunks, error: event.error };
    default:
      // `message_stop` and `ping` carry nothing to translate; unknown future events are skipped.
      break;
  }
  return { state: draft, chunks };
}

type Emit = (delta: ChunkDelta) => void;

function startBlock(draft: DraftState, index: number, block: AnthropicResponseBlock, emit: Emit): void {
  switch (block.type) {
    case 'text':
      draft.blocks[index] = openBlock('text');
      if (block.text) emit({ content: block.text });
      return;
    case 'tool_use': {
      if (draft.jsonMode && block.name === ANTHROPIC_JSON_TOOL_NAME) {
        draft.blocks[index] = openBlock('json_tool');
        draft.streamedJsonTool = true;
        return;
      }
      const toolCallIndex = draft.toolCallCount;
      draft.toolCallCount += 1;
      draft.blocks[index] = { kind: 'tool_use', toolCallIndex, hasArguments: false };
      // The input arrives as `input_json_delta`s; the `{}` in this event is a placeholder, not a prefix.
      emit({
        tool_calls: [
          { index: toolCallIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } },
        ],
      });
      return;
    }
    case 'thinking':
      draft.blocks[index] = openBlock('thinking');
      if (block.thinking)
        emit({ reasoning_content: block.thinking, thinking_blocks: [{ type: 'thinking', thinking: block.thinking }] });
      return;
    case 'redacted_thinking':
      draft.blocks[index] = openBlock('redacted_thinking');
      emit({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] });
      return;
    default:
      draft.blocks[index] = openBlock('other');
  }
}

function applyBlockDelta(draft: DraftState, index: number, delta: AnthropicContentDelta, emit: Emit): void {
  const block = draft.blocks[index];
  switch (delta.type) {
    case 'text_delta':
      if (delta.text) emit({ content: delta.text });
      return;
    case 'input_json_delta':
      if (!block || !delta.partial_json) return;
      if (block.kind === 'json_tool') {
        emit({ content: delta.partial_json });
      } else if (block.kind === 'tool_use') {
        emit({ tool_calls: [{ index: block.toolCallIndex, function: { arguments: delta.partial_json } }] });
      } else {
        // Server tool blocks also stream input JSON; they are not the caller's tool calls.
        return;
      }
      draft.blocks[index] = { ...block, hasArguments: true };
      return;
    case 'thinking_delta':
      if (delta.thinking) {
        emit({ reasoning_content: delta.thinking, thinking_blocks: [{ type: 'thinking', thinking: delta.thinking }] });
      }
      return;
    case 'signature_delta':
      // The signature closes the thinking block it follows; callers send it back to continue the turn.
      emit({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: delta.signature }] });
      return;
    default:
      // Citations have no OpenAI chunk field.
      return;
  }
}

function stopBlock(draft: DraftState, index: number, emit: Emit): void {
  const block = draft.blocks[index];
  delete draft.blocks[index];
  if (!block || block.hasArguments) return;
  // A tool called without arguments streams no JSON at all; `{}` keeps the reassembled arguments parseable.
  if (block.kind === 'tool_use') emit({ tool_calls: [{ index: block.toolCallIndex, function: { arguments: '{}' } }] });
  else if (block.kind === 'json_tool') emit({ content: '{}' });
}

function openBlock(kind: StreamBlock['kind']): StreamBlock {
  return { kind, toolCallIndex: -1, hasArguments: false };
}

/** `message_delta` usage is cumulative: present values replace the `message_start` ones. */
function mergeUsage(current: AnthropicUsage, update: AnthropicUsage | undefined): AnthropicUsage {
  const merged: AnthropicUsage = { ...current };
  for (const [name, value] of Object.entries(update ?? {}) as [keyof AnthropicUsage, unknown][]) {
    if (typeof value === 'number') merged[name] = value;
  }
  return merged;
}

function buildChunk(
  draft: DraftState,
  delta: ChunkDelta,
  finishReason: FinishReason | null,
  withUsage: boolean,
): ChatCompletionChunk {
  const fullDelta: ChunkDelta = draft.sentRole ? delta : { role: 'assistant', ...delta };
  draft.sentRole = true;
  const chunk: ChatCompletionChunk = {
    id: draft.id,
    object: 'chat.completion.chunk',
    created: draft.created,
    model: draft.model,
    choices: [{ index: 0, delta: fullDelta, finish_reason: finishReason }],
  };
  if (withUsage) chunk.usage = mapAnthropicUsage(draft.usage);
  return chunk;
}
