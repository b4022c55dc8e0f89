import { BadRequestError } from '../../errors/index.js';
import type {
  AssistantMessage,
  ChatMessage,
  FunctionMessage,
  SystemMessage,
  ThinkingBlock,
  ToolCall,
  ToolMessage,
  UserMessage,
} from '../../spec/openai-chat.js';
import type { Warning } from '../../spec/warning.js';
import {
  invalidContent,
  readCacheControl,
  toAnthropicImageBlock,
  toAnthropicTextBlock,
  toAnthropicUserBlock,
  withCacheControl,
} from './to-anthropic-content.js';
import type {
  AnthropicAssistantContentBlock,
  AnthropicContentBlockParam,
  AnthropicImageBlockParam,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
  AnthropicToolResultBlockParam,
  AnthropicToolUseBlockParam,
  AnthropicUserContentBlock,
} from './wire.js';

/** Text of the user turn inserted when a conversation does not start with one (LiteLLM's placeholder). */
export const ANTHROPIC_PLACEHOLDER_USER_TEXT = '.';

export interface AnthropicMessagesTranslation {
  /** The lifted system and developer messages; `undefined` when there were none. */
  system: string | AnthropicTextBlockParam[] | undefined;
  /** Alternating user/assistant turns, starting with a user turn. */
  messages: AnthropicMessageParam[];
  warnings: Warning[];
}

/**
 * OpenAI chat messages as Anthropic's `system` + `messages`: system/developer messages are lifted,
 * tool results become user `tool_result` blocks, consecutive same-role turns are merged.
 * @example toAnthropicMessages([{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hi' }])
 *   // → { system: 'Be brief', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], warnings: [] }
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicMessagesTranslation {
  const systemBlocks: AnthropicTextBlockParam[] = [];
  const turns: AnthropicMessageParam[] = [];
  const warnings: Warning[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        systemBlocks.push(...toSystemBlocks(message));
        break;
      case 'user':
        appendTurn(turns, 'user', toUserBlocks(message));
        break;
      case 'tool':
      case 'function':
        appendTurn(turns, 'user', [toToolResultBlock(message)]);
        break;
      case 'assistant':
        appendTurn(turns, 'assistant', toAssistantBlocks(message));
        break;
      default:
        throw invalidContent(`Unknown message role '${(message as { role?: unknown }).role}'`);
    }
  }
  trimFinalAssistantTurn(turns);
  if (turns[0]?.role !== 'user') {
    // Anthropic requires the first turn to be the user's; LiteLLM inserts the same placeholder.
    turns.unshift({ role: 'user', content: [toAnthropicTextBlock(ANTHROPIC_PLACEHOLDER_USER_TEXT)] });
    warnings.push({
      type: 'other',
      param: 'messages',
      message: `Anthropic needs a user message first; a placeholder user message '${ANTHROPIC_PLACEHOLDER_USER_TEXT}' was inserted`,
    });
  }
  return { system: toSystemParam(systemBlocks), messages: turns, warnings };
}

/** A plain string when that says it all; blocks when there are several or any carries `cache_control`. */
function toSystemParam(blocks: AnthropicTextBlockParam[]): string | AnthropicTextBlockParam[] | undefined {
  const [first, ...rest] = blocks;
  if (!first) return undefined;
  if (rest.length === 0 && !first.cache_control) return first.text;
  return blocks;
}

function toSystemBlocks(message: SystemMessage): AnthropicTextBlockParam[] {
  if (typeof message.content === 'string') {
    return message.content ? [toAnthropicTextBlock(message.content, readCacheControl(message))] : [];
  }
  return message.content
    .filter((part) => part.type === 'text' && part.text)
    .map((part) => toAnthropicTextBlock(part.text, readCacheControl(part)));
}

/** Merges into the previous turn when it has the same role, as Anthropic requires alternation. */
function appendTurn(
  turns: AnthropicMessageParam[],
  role: AnthropicMessageParam['role'],
  blocks: AnthropicContentBlockParam[],
): void {
  if (blocks.length === 0) return;
  const last = turns[turns.length - 1];
  if (last?.role === role) last.content.push(...blocks);
  else turns.push({ role, content: [...blocks] });
}

function toUserBlocks(message: UserMessage): AnthropicUserContentBlock[] {
  if (typeof message.content === 'string') {
    // LiteLLM keeps an empty user string (Anthropic then answers 400), so it is not silently dropped here either.
    return [toAnthropicTextBlock(message.content, readCacheControl(message))];
  }
  const blocks: AnthropicUserContentBlock[] = [];
  for (const part of message.content) {
    const block = toAnthropicUserBlock(part);
    if (block) blocks.push(block);
  }
  return blocks;
}

function toToolResultBlock(message: ToolMessage | FunctionMessage): AnthropicToolResultBlockParam {
  const toolUseId =
    message.role === 'tool'
      ? message.tool_call_id
      : ((message as { tool_call_id?: string }).tool_call_id ?? `toolu_${crypto.randomUUID().replaceAll('-', '')}`);
  const content = message.content ?? '';
  const result: AnthropicToolResultBlockParam = {
    type: 'tool_result',
    tool_use_id: toolUseId,
    content: typeof content === 'string' ? content : toToolResultContent(content),
  };
  return withCacheControl(result, readCacheControl(message));
}

function toToolResultContent(parts: readonly unknown[]): (AnthropicTextBlockParam | AnthropicImageBlockParam)[] {
  const blocks: (AnthropicTextBlockParam | AnthropicImageBlockParam)[] = [];
  for (const part of parts as { type: string }[]) {
    if (part.type === 'text') {
      const text = (part as unknown as { text: string }).text;
      if (text) blocks.push(toAnthropicTextBlock(text, readCacheControl(part)));
    } else if (part.type === 'image_url') {
      const block = toAnthropicImageBlock(part as Parameters<typeof toAnthropicImageBlock>[0]);
      if (block.type === 'image') blocks.push(block);
      else throw invalidContent('Tool results can carry text and images only');
    }
  }
  return blocks;
}

/** Thinking blocks go first (Anthropic rejects them after text), then text, then tool calls. */
function toAssistantBlocks(message: AssistantMessage): AnthropicAssistantContentBlock[] {
  const blocks: AnthropicAssistantContentBlock[] = (message.thinking_blocks ?? []).map(toAnthropicThinkingBlock);
  const { content } = message;
  if (typeof content === 'string') {
    // Empty text blocks are rejected by Anthropic, so an empty string means "no text".
    if (content) blocks.push(toAnthropicTextBlock(content, readCacheControl(message)));
  } else if (Array.isArray(content)) {
    for (const part of content as { type: string; text?: string; thinking?: string }[]) {
      if (part.type === 'text' && part.text) blocks.push(toAnthropicTextBlock(part.text, readCacheControl(part)));
      else if (part.type === 'thinking' && part.thinking) blocks.push(toAnthropicThinkingBlock(part as ThinkingBlock));
    }
  }
  for (const toolCall of message.tool_calls ?? []) blocks.push(toAnthropicToolUseBlock(toolCall));
  // The deprecated `function_call` has no id; Anthropic needs one, so one is made up (as LiteLLM does).
  const functionCall = (message as { function_call?: ToolCall['function'] | null }).function_call;
  if (functionCall) {
    const id = `toolu_${crypto.randomUUID().replaceAll('-', '')}`;
    blocks.push(toAnthropicToolUseBlock({ id, type: 'function', function: functionCall }));
  }
  return blocks;
}

/** A LiteLLM `thinking_blocks` entry, sent back unchanged so its signature still verifies. */
export function toAnthropicThinkingBlock(block: ThinkingBlock): AnthropicAssistantContentBlock {
  if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: block.data ?? '' };
  return { type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' };
}

/**
 * An OpenAI tool call as a `tool_use` block; its JSON `arguments` must parse to an object.
 * @example toAnthropicToolUseBlock({ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } })
 *   // → { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } }
 */
export function toAnthropicToolUseBlock(toolCall: ToolCall): AnthropicToolUseBlockParam {
  const { name } = toolCall.function;
  const input = parseToolArguments(toolCall.function.arguments, name);
  return withCacheControl({ type: 'tool_use', id: toolCall.id, name, input }, readCacheControl(toolCall));
}

function parseToolArguments(text: string | undefined, toolName: string): Record<string, unknown> {
  if (!text?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError({
      message: `anthropicException - the arguments of tool call '${toolName}' are not valid JSON: ${text.slice(0, 200)}`,
      provider: 'anthropic',
      param: 'messages',
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequestError({
      message: `anthropicException - the arguments of tool call '${toolName}' must be a JSON object`,
      provider: 'anthropic',
      param: 'messages',
    });
  }
  return parsed as Record<string, unknown>;
}

/** Anthropic rejects a final assistant turn ending in whitespace (it is a prefill); LiteLLM trims it too. */
function trimFinalAssistantTurn(turns: AnthropicMessageParam[]): void {
  const last = turns[turns.length - 1];
  if (last?.role !== 'assistant') return;
  last.content = last.content
    .map((block) => (block.type === 'text' ? { ...block, text: block.text.trimEnd() } : block))
    .filter((block) => block.type !== 'text' || block.text !== '');
  if (last.content.length === 0) turns.pop();
}
