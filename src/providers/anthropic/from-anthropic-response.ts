import type {
  ChatCompletion,
  FinishReason,
  ResponseMessage,
  ThinkingBlock,
  ToolCall,
  Usage,
} from '../../spec/openai-chat.js';
import { ANTHROPIC_JSON_TOOL_NAME } from './to-anthropic-tools.js';
import type { AnthropicMessage, AnthropicStopReason, AnthropicUsage } from './wire.js';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
export const ANTHROPIC_FINISH_REASONS = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  // A paused server-tool turn is a complete answer for this call; the caller continues it with a new call.
  pause_turn: 'stop',
} as const satisfies Record<AnthropicStopReason, FinishReason>;

/**
 * An Anthropic `stop_reason` as an OpenAI `finish_reason`; unknown or missing reasons read as `stop`.
 * @example mapAnthropicFinishReason('tool_use') // → 'tool_calls'
 */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  return ANTHROPIC_FINISH_REASONS[stopReason as AnthropicStopReason] ?? 'stop';
}

/**
 * Anthropic usage in OpenAI's shape plus LiteLLM's cache fields. Anthropic's `input_tokens` excludes
 * cached and cache-write tokens, OpenAI's `prompt_tokens` includes them, so all three are added.
 * @example mapAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 3 }).prompt_tokens // → 15
 */
export function mapAnthropicUsage(usage: AnthropicUsage | undefined): Usage {
  const inputTokens = usage?.input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const cacheCreation = usage?.cache_creation_input_tokens ?? 0;
  const promptTokens = inputTokens + cacheRead + cacheCreation;
  const completionTokens = usage?.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_creation_tokens: cacheCreation },
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheCreation,
  };
}

/**
 * The message content for the `json_tool_call` trick: the tool input as JSON text, unwrapping a lone
 * `values` key as LiteLLM does; text that is not JSON is returned unchanged.
 * @example jsonToolArgumentsToContent('{"values":{"a":1}}') // → '{"a":1}'
 */
export function jsonToolArgumentsToContent(argumentsText: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    const values = (parsed as { values?: unknown } | null)?.values;
    return JSON.stringify(values !== undefined && values !== null ? values : parsed);
  } catch {
    return argumentsText;
  }
}

export interface FromAnthropicResponseOptions {
  /** The request used the `json_tool_call` trick: a lone call of it becomes the message content. */
  jsonMode?: boolean;
  /** Unix seconds for `created`; defaults to now. */
  created?: number;
}

/**
 * An Anthropic `Message` as an OpenAI `chat.completion`: text → `content`, `tool_use` → `tool_calls`,
 * thinking → `reasoning_content` and `thinking_blocks`, `stop_reason` → `finish_reason`.
 * @example fromAnthropicResponse(message).choices[0].message.content // → 'Hello!'
 */
export function fromAnthropicResponse(
  message: AnthropicMessage,
  options: FromAnthropicResponseOptions = {},
): ChatCompletion {
  const { text, toolCalls, thinkingBlocks } = readContentBlocks(message);
  let finishReason = mapAnthropicFinishReason(message.stop_reason);
  const responseMessage: ResponseMessage = { role: 'assistant', content: text || null, refusal: null };
  const [onlyCall, ...otherCalls] = toolCalls;
  if (options.jsonMode && onlyCall?.function.name === ANTHROPIC_JSON_TOOL_NAME && otherCalls.length === 0) {
    // The forced tool stands in for OpenAI's JSON mode, so its input is the answer, and the turn ended normally.
    responseMessage.content = jsonToolArgumentsToContent(onlyCall.function.arguments);
    finishReason = 'stop';
  } else if (toolCalls.length > 0) {
    responseMessage.tool_calls = toolCalls;
  }
  if (thinkingBlocks.length > 0) {
    responseMessage.reasoning_content = thinkingBlocks.map((block) => block.thinking ?? '').join('');
    responseMessage.thinking_blocks = thinkingBlocks;
  }
  return {
    id: message.id,
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [{ index: 0, message: responseMessage, finish_reason: finishReason, logprobs: null }],
    usage: mapAnthropicUsage(message.usage),
  };
}

function readContentBlocks(message: AnthropicMessage): {
  text: string;
  toolCalls: ToolCall[];
  thinkingBlocks: ThinkingBlock[];
} {
  let text = '';
  const toolCalls: ToolCall[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  for (const block of message.content ?? []) {
    switch (block.type) {
      case 'text':
        text += block.text;
        break;
      case 'tool_use':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
        thinkingBlocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      default:
        // Server tool blocks (web search …) have no OpenAI equivalent; their text arrives in text blocks.
        break;
    }
  }
  return { text, toolCalls, thinkingBlocks };
}
