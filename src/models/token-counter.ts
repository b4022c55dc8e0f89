import type { ChatMessage, ContentPart, FunctionTool } from '../spec/openai-chat.js';
import { imageTokens } from './image-tokens.js';
import { type CountText, encodingForModel, loadEncoding, loadedEncoding } from './tokenizer-encodings.js';
import { toolTokens } from './tool-tokens.js';

/** Options of `tokenCounter` (LiteLLM's `token_counter`). */
export interface TokenCounterOptions {
  /** Any llmux model string; OpenAI models are counted exactly, others approximately. */
  model: string;
  messages?: readonly ChatMessage[] | undefined;
  /** Plain text, counted without chat overhead; used when `messages` is absent. */
  text?: string | readonly string[] | undefined;
  tools?: readonly FunctionTool[] | undefined;
}

// OpenAI cookbook: every message costs 3 tokens (<|start|>role/name\n…<|end|>), a name 1 more, and the reply is primed with 3.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;

/** Before an encoding has loaded: about 4 characters per token in English text. */
export const estimateTextTokens: CountText = (text) => Math.ceil(text.length / 4);

function partTokens(part: ContentPart, model: string, count: CountText): number {
  if (part.type === 'text') return count(part.text);
  if (part.type === 'image_url') return imageTokens(part.image_url, model);
  // Audio and files are billed by the provider from the media itself; they have no text tokens to count.
  return 0;
}

function contentTokens(content: unknown, model: string, count: CountText, suffix: string): number {
  if (typeof content === 'string') return count(content + suffix);
  if (!Array.isArray(content)) return 0;
  return (content as ContentPart[]).reduce((sum, part) => sum + partTokens(part, model, count), 0);
}

function messageTokens(message: ChatMessage, model: string, count: CountText, suffix: string): number {
  // gpt-3.5-turbo-0301 framed messages differently: 4 per message, and a name replaced the role (-1).
  const legacy = /gpt-3\.5-turbo-0301$/.test(model);
  let tokens = (legacy ? 4 : TOKENS_PER_MESSAGE) + count(message.role);
  tokens += contentTokens(message.content, model, count, suffix);
  if ('name' in message && message.name) tokens += count(message.name) + (legacy ? -1 : TOKENS_PER_NAME);
  if (message.role === 'assistant') {
    for (const call of message.tool_calls ?? []) tokens += count(call.function.name) + count(call.function.arguments);
  }
  if (message.role === 'tool') tokens += count(message.tool_call_id);
  return tokens;
}

function countWith(options: TokenCounterOptions, count: CountText): number {
  const { messages, tools = [], model } = options;
  if (messages) {
    const hasSystem = messages.some((message) => message.role === 'system' || message.role === 'developer');
    let tokens = REPLY_PRIMING;
    let padded = false;
    for (const message of messages) {
      // With tools, the first system message gains a trailing newline before the tool namespace.
      const pad: boolean = tools.length > 0 && !padded && (message.role === 'system' || message.role === 'developer');
      padded ||= pad;
      tokens += messageTokens(message, model, count, pad ? '\n' : '');
    }
    tokens += toolTokens(tools, count);
    if (tools.length > 0 && hasSystem) tokens -= 4;
    return tokens;
  }
  const texts = typeof options.text === 'string' ? [options.text] : (options.text ?? []);
  return texts.reduce((sum, text) => sum + count(text), 0) + toolTokens(tools, count);
}

/**
 * LiteLLM's `token_counter`: prompt tokens of `messages` (with OpenAI's per-message overhead, images
 * and tools) or of `text`. Exact for OpenAI models once their encoding has loaded (see `loadTokenizer`);
 * other models are approximated with o200k_base. Until the encoding has loaded (it is imported on first
 * use), this returns a ~4-characters-per-token estimate; use `countTokens` to always wait for it.
 * @example tokenCounter({ model: 'gpt-4o', text: 'hello world' }) // 2, once loaded
 */
export function tokenCounter(options: TokenCounterOptions): number {
  const { encoding } = encodingForModel(options.model);
  const count = loadedEncoding(encoding);
  if (count) return countWith(options, count);
  loadEncoding(encoding).catch(() => undefined);
  return countWith(options, estimateTextTokens);
}

/**
 * `tokenCounter` that first loads the model's encoding, so OpenAI counts are always exact.
 * @example await countTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) // 8
 */
export async function countTokens(options: TokenCounterOptions): Promise<number> {
  const count = await loadEncoding(encodingForModel(options.model).encoding);
  return countWith(options, count);
}

/**
 * Loads the tokenizer a model needs (o200k_base by default) so later `tokenCounter` calls are exact.
 * @example await loadTokenizer('gpt-4'); // cl100k_base
 */
export async function loadTokenizer(model = 'gpt-4o'): Promise<void> {
  await loadEncoding(encodingForModel(model).encoding);
}
