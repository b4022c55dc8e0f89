import type { AnthropicErrorBody, AnthropicStopReason, AnthropicStreamEvent } from '../../providers/anthropic/wire.js';
import type { ChatCompletionChunk, Usage } from '../../spec/openai-chat.js';
import { toAnthropicStopReason, toAnthropicUsage } from './to-anthropic-message.js';

type OpenBlock = { kind: 'thinking' | 'text' } | { kind: 'tool'; toolIndex: number };

/** What the converter remembers between chunks of one stream. */
export interface AnthropicStreamState {
  started: boolean;
  blockIndex: number;
  open: OpenBlock | undefined;
  stopReason: AnthropicStopReason | undefined;
  usage: Usage | undefined;
}

export function createAnthropicStreamState(): AnthropicStreamState {
  return { started: false, blockIndex: -1, open: undefined, stopReason: undefined, usage: undefined };
}

/**
 * One OpenAI chunk as Anthropic stream events: `message_start` first, then content blocks opened,
 * fed and closed as the kind of delta changes (thinking → text → tool_use per tool-call index).
 */
export function chunkToAnthropicEvents(
  chunk: ChatCompletionChunk,
  state: AnthropicStreamState,
  requestedModel: string,
): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  if (!state.started) {
    state.started = true;
    events.push({
      type: 'message_start',
      message: {
        id: chunk.id.startsWith('msg_') ? chunk.id : `msg_${chunk.id}`,
        type: 'message',
        role: 'assistant',
        model: requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      } as never,
    });
  }
  if (chunk.usage) state.usage = chunk.usage;
  const choice = chunk.choices[0];
  if (!choice) return events;
  const { delta } = choice;
  if (delta.reasoning_content) {
    openBlock(state, { kind: 'thinking' }, events, { type: 'thinking', thinking: '', signature: '' });
    events.push({
      type: 'content_block_delta',
      index: state.blockIndex,
      delta: { type: 'thinking_delta', thinking: delta.reasoning_content },
    });
  }
  for (const block of delta.thinking_blocks ?? []) {
    if (block.signature && state.open?.kind === 'thinking') {
      events.push({
        type: 'content_block_delta',
        index: state.blockIndex,
        delta: { type: 'signature_delta', signature: block.signature },
      });
    }
  }
  if (delta.content) {
    openBlock(state, { kind: 'text' }, events, { type: 'text', text: '' });
    events.push({
      type: 'content_block_delta',
      index: state.blockIndex,
      delta: { type: 'text_delta', text: delta.content },
    });
  }
  for (const call of delta.tool_calls ?? []) {
    const open = state.open;
    if (!(open?.kind === 'tool' && open.toolIndex === call.index)) {
      openBlock(state, { kind: 'tool', toolIndex: call.index }, events, {
        type: 'tool_use',
        id: call.id ?? `toolu_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`,
        name: call.function?.name ?? '',
        input: {},
      });
    }
    if (call.function?.arguments) {
      events.push({
        type: 'content_block_delta',
        index: state.blockIndex,
        delta: { type: 'input_json_delta', partial_json: call.function.arguments },
      });
    }
  }
  if (choice.finish_reason) state.stopReason = toAnthropicStopReason(choice.finish_reason);
  return events;
}

/** The closing events: the last block's stop, `message_delta` with the stop reason and usage, `message_stop`. */
export function finishAnthropicStream(state: AnthropicStreamState): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  if (state.open) events.push({ type: 'content_block_stop', index: state.blockIndex });
  state.open = undefined;
  events.push({
    type: 'message_delta',
    delta: { stop_reason: state.stopReason ?? 'end_turn', stop_sequence: null },
    usage: toAnthropicUsage(state.usage),
  });
  events.push({ type: 'message_stop' });
  return events;
}

function openBlock(
  state: AnthropicStreamState,
  block: OpenBlock,
  events: AnthropicStreamEvent[],
  contentBlock: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'],
): void {
  if (state.open?.kind === block.kind && block.kind !== 'tool') return;
  if (state.open) events.push({ type: 'content_block_stop', index: state.blockIndex });
  state.blockIndex += 1;
  state.open = block;
  events.push({ type: 'content_block_start', index: state.blockIndex, content_block: contentBlock });
}

/** Anthropic's SSE framing for one event. */
export function formatAnthropicEvent(event: AnthropicStreamEvent | AnthropicErrorBody): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
