import { BadRequestError } from '../../errors/index.js';
import type { AssistantMessage, ChatMessage, TextContentPart } from '../../spec/openai-chat.js';
import { isGemini3OrNewer, supportsSystemInstruction } from './gemini-params.js';
import { GEMINI_DUMMY_THOUGHT_SIGNATURE, thoughtSignatureFromToolCallId } from './gemini-tool-call-id.js';
import { toGeminiUserPart } from './to-gemini-parts.js';
import type { GeminiContent, GeminiPart } from './wire.js';

/** The conversation part of a Gemini request. */
export interface GeminiConversation {
  systemInstruction?: GeminiContent;
  contents: GeminiContent[];
}

type MessageKind = 'user' | 'model' | 'tool';

interface Indexed {
  message: ChatMessage;
  index: number;
}

/**
 * OpenAI messages as Gemini `contents` plus `systemInstruction`, grouped as LiteLLM's
 * `_gemini_convert_messages_with_history` does: consecutive user (and system) messages make one
 * `user` turn, consecutive assistant messages one `model` turn, consecutive tool results one `user`
 * turn of `functionResponse` parts.
 * @example toGeminiContents([{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hi' }], 'gemini-2.5-flash')
 */
export function toGeminiContents(messages: readonly ChatMessage[], modelId: string): GeminiConversation {
  const extractSystem = supportsSystemInstruction(modelId);
  const systemParts: GeminiPart[] = [];
  const rest: Indexed[] = [];
  messages.forEach((message, index) => {
    const isSystem = message.role === 'system' || message.role === 'developer';
    if (isSystem && extractSystem) {
      const text = joinText(message.content);
      if (text) systemParts.push({ text });
    } else {
      rest.push({ message, index });
    }
  });
  const contents = groupTurns(rest, modelId);
  // Gemini needs at least one turn; LiteLLM sends a placeholder (LiteLLM #13769, #9733).
  if (contents.length === 0) contents.push({ role: 'user', parts: [{ text: systemParts.length > 0 ? '.' : ' ' }] });
  const conversation: GeminiConversation = { contents };
  if (systemParts.length > 0) conversation.systemInstruction = { parts: systemParts };
  return conversation;
}

function groupTurns(messages: readonly Indexed[], modelId: string): GeminiContent[] {
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  let kind: MessageKind | undefined;
  let parts: GeminiPart[] = [];
  const flush = () => {
    if (kind && parts.length > 0) contents.push(finishTurn(kind, parts));
    parts = [];
  };
  for (const entry of messages) {
    const next = kindOf(entry.message);
    if (next !== kind) flush();
    kind = next;
    parts.push(...messageParts(entry, { modelId, toolNames }));
  }
  flush();
  return contents;
}

function finishTurn(kind: MessageKind, parts: GeminiPart[]): GeminiContent {
  if (kind === 'model') return { role: 'model', parts };
  // Vertex refuses a user turn without any text ("must have a text parameter", LiteLLM #5515).
  if (kind === 'user' && !parts.some((part) => part.text)) parts.push({ text: ' ' });
  return { role: 'user', parts };
}

function kindOf(message: ChatMessage): MessageKind {
  if (message.role === 'assistant') return 'model';
  if (message.role === 'tool' || message.role === 'function') return 'tool';
  return 'user';
}

interface PartsContext {
  modelId: string;
  /** Tool-call id → function name, from the assistant turns seen so far. */
  toolNames: Map<string, string>;
}

function messageParts({ message, index }: Indexed, context: PartsContext): GeminiPart[] {
  const where = `messages[${index}]`;
  switch (message.role) {
    case 'assistant':
      return assistantParts(message, where, context);
    case 'tool':
    case 'function':
      return [toolResultPart(message, where, context)];
    default: {
      const { content } = message;
      if (typeof content === 'string') return content ? [{ text: content }] : [];
      if (!Array.isArray(content)) return [];
      const parts: GeminiPart[] = [];
      content.forEach((part, partIndex) => {
        const converted = toGeminiUserPart(part, `${where}.content[${partIndex}]`);
        if (converted) parts.push(converted);
      });
      return parts;
    }
  }
}

function assistantParts(message: AssistantMessage, where: string, context: PartsContext): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = joinText(message.content);
  if (text) parts.push({ text });
  const gemini3 = isGemini3OrNewer(context.modelId);
  (message.tool_calls ?? []).forEach((call, callIndex) => {
    const callWhere = `${where}.tool_calls[${callIndex}].function.arguments`;
    context.toolNames.set(call.id, call.function.name);
    const part: GeminiPart = {
      functionCall: { name: call.function.name, args: parseArguments(call.function.arguments, callWhere) },
    };
    // Gemini 3 rejects a replayed function call without its signature; Google's stand-in keeps
    // histories from other providers (or clients that rewrote ids) usable.
    const signature = thoughtSignatureFromToolCallId(call.id) ?? (gemini3 ? GEMINI_DUMMY_THOUGHT_SIGNATURE : undefined);
    if (signature) part.thoughtSignature = signature;
    parts.push(part);
  });
  // The deprecated `function_call` field is not in the message type but old clients still send it.
  const legacy = (message as { function_call?: { name: string; arguments: string } | null }).function_call;
  if (legacy) {
    const { name, arguments: args } = legacy;
    const part: GeminiPart = { functionCall: { name, args: parseArguments(args, `${where}.function_call.arguments`) } };
    if (gemini3) part.thoughtSignature = GEMINI_DUMMY_THOUGHT_SIGNATURE;
    parts.push(part);
  }
  return parts;
}

function toolResultPart(
  message: Extract<ChatMessage, { role: 'tool' | 'function' }>,
  where: string,
  context: PartsContext,
): GeminiPart {
  const name = message.role === 'function' ? message.name : context.toolNames.get(message.tool_call_id);
  if (!name) {
    throw new BadRequestError({
      message: `${where}: no earlier assistant tool call has id '${(message as { tool_call_id?: string }).tool_call_id}', so its function name is unknown`,
      param: `${where}.tool_call_id`,
      provider: 'gemini',
    });
  }
  const text = joinText(message.content);
  return { functionResponse: { name, response: toolResponseObject(text) } };
}

/** A JSON object result is sent as it is; anything else is wrapped as `{ content }` (Gemini wants an object). */
function toolResponseObject(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON after all: sent as text below.
    }
  }
  return { content: text };
}

function parseArguments(text: string, where: string): Record<string, unknown> {
  if (!text?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError({ message: `${where} is not valid JSON`, param: where, provider: 'gemini' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequestError({ message: `${where} must be a JSON object`, param: where, provider: 'gemini' });
  }
  return parsed as Record<string, unknown>;
}

function joinText(content: string | TextContentPart[] | readonly unknown[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text ?? '') : '',
    )
    .join('');
}
