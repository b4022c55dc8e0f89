import type {
  AnthropicMessage,
  AnthropicResponseBlock,
  AnthropicStopReason,
  AnthropicUsage,
} from '../../providers/anthropic/wire.js';
import type { ChatCompletion, FinishReason, Usage } from '../../spec/openai-chat.js';

/** OpenAI's finish reason in Anthropic's words. */
export function toAnthropicStopReason(reason: FinishReason | null | undefined): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** OpenAI usage (prompt includes cache reads and writes) in Anthropic's split form. */
export function toAnthropicUsage(
  usage: Usage | null | undefined,
): Required<Pick<AnthropicUsage, 'input_tokens' | 'output_tokens'>> & AnthropicUsage {
  const cacheRead = usage?.prompt_tokens_details?.cached_tokens ?? usage?.cache_read_input_tokens ?? 0;
  const cacheWrite = usage?.prompt_tokens_details?.cache_creation_tokens ?? usage?.cache_creation_input_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/** A chat completion as an Anthropic `message`: thinking, then text, then tool_use blocks. */
export function toAnthropicMessage(response: ChatCompletion, requestedModel: string): AnthropicMessage {
  const choice = response.choices[0];
  const message = choice?.message;
  const content: AnthropicResponseBlock[] = [];
  for (const block of message?.thinking_blocks ?? []) {
    if (block.type === 'thinking')
      content.push({ type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' });
    else content.push({ type: 'redacted_thinking', data: block.data ?? '' });
  }
  if (!message?.thinking_blocks?.length && message?.reasoning_content) {
    content.push({ type: 'thinking', thinking: message.reasoning_content, signature: '' });
  }
  if (message?.content) content.push({ type: 'text', text: message.content });
  for (const call of message?.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseArguments(call.function.arguments),
    });
  }
  return {
    id: response.id.startsWith('msg_') ? response.id : `msg_${response.id}`,
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    stop_reason: toAnthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(response.usage),
  };
}

/** Tool arguments as an object; a model that wrote broken JSON still yields something readable. */
export function parseArguments(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { _raw_arguments: text };
  }
}
