import { BadRequestError } from '../../errors/index.js';
import type {
  AnthropicContentBlockParam,
  AnthropicMessagesRequest,
  AnthropicTool,
  AnthropicToolChoice,
} from '../../providers/anthropic/wire.js';
import type {
  AssistantMessage,
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  FunctionTool,
  ThinkingBlock,
  ToolCall,
  ToolChoice,
} from '../../spec/openai-chat.js';

/** Anthropic request fields that have no OpenAI twin but that some providers take as extras. */
const PASSED_THROUGH = ['top_k'] as const;

/**
 * An Anthropic Messages request as an OpenAI chat request, so Claude-style clients can reach any
 * provider: `system` becomes a system message, `tool_result` blocks become `tool` messages,
 * `tool_use` blocks become `tool_calls`, thinking blocks travel back as `thinking_blocks`.
 */
export function fromAnthropicRequest(request: AnthropicMessagesRequest): ChatCompletionRequest {
  if (!Array.isArray(request.messages)) {
    throw new BadRequestError({ message: "'messages' is required and must be an array", param: 'messages' });
  }
  const messages: ChatMessage[] = [];
  if (request.system !== undefined) {
    const system =
      typeof request.system === 'string' ? request.system : request.system.map((block) => block.text).join('\n');
    if (system) messages.push({ role: 'system', content: system });
  }
  request.messages.forEach((message, index) => {
    const content =
      typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
    if (!Array.isArray(content))
      throw new BadRequestError({
        message: `messages[${index}].content must be a string or an array`,
        param: `messages[${index}].content`,
      });
    if (message.role === 'assistant') messages.push(toAssistantMessage(content));
    else messages.push(...toUserMessages(content));
  });
  const chat: ChatCompletionRequest = { model: request.model, messages };
  if (request.max_tokens !== undefined) chat.max_tokens = request.max_tokens;
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.stop_sequences !== undefined) chat.stop = request.stop_sequences;
  if (request.stream) chat.stream = true;
  if (request.metadata?.user_id) chat.user = request.metadata.user_id;
  if (request.thinking?.type === 'enabled') chat.thinking = request.thinking;
  if (request.tools?.length) chat.tools = request.tools.map(toFunctionTool);
  if (request.tool_choice) Object.assign(chat, toToolChoice(request.tool_choice));
  for (const name of PASSED_THROUGH) if (request[name] !== undefined) chat[name] = request[name];
  return chat;
}

function toUserMessages(blocks: AnthropicContentBlockParam[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let parts: ContentPart[] = [];
  const flush = () => {
    if (parts.length > 0)
      messages.push({
        role: 'user',
        content:
          parts.every((part) => part.type === 'text') && parts.length === 1
            ? (parts[0] as { text: string }).text
            : parts,
      });
    parts = [];
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text });
        break;
      case 'image':
        parts.push({
          type: 'image_url',
          image_url: {
            url:
              block.source.type === 'base64'
                ? `data:${block.source.media_type};base64,${block.source.data}`
                : block.source.type === 'url'
                  ? block.source.url
                  : block.source.file_id,
          },
        });
        break;
      case 'document':
        if (block.source.type === 'text') parts.push({ type: 'text', text: block.source.data });
        else if (block.source.type === 'base64')
          parts.push({
            type: 'file',
            file: { file_data: `data:${block.source.media_type};base64,${block.source.data}` },
          });
        break;
      case 'tool_result':
        // OpenAI wants tool results as their own messages, right after the assistant's call.
        flush();
        messages.push({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block.content) });
        break;
      default:
        break;
    }
  }
  flush();
  return messages;
}

function toolResultText(content: string | { type: string; text?: string }[]): string {
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

function toAssistantMessage(blocks: AnthropicContentBlockParam[]): AssistantMessage {
  let text = '';
  const toolCalls: ToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use')
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    else if (block.type === 'thinking')
      thinking.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (block.type === 'redacted_thinking') thinking.push({ type: 'redacted_thinking', data: block.data });
  }
  const message: AssistantMessage = { role: 'assistant', content: text || (toolCalls.length > 0 ? null : '') };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (thinking.length > 0) {
    message.thinking_blocks = thinking;
    message.reasoning_content = thinking.map((block) => block.thinking ?? '').join('');
  }
  return message;
}

function toFunctionTool(tool: AnthropicTool): FunctionTool {
  const custom = tool as { name: string; description?: string; input_schema?: Record<string, unknown> };
  const definition: FunctionTool['function'] = {
    name: custom.name,
    parameters: custom.input_schema ?? { type: 'object', properties: {} },
  };
  if (custom.description) definition.description = custom.description;
  return { type: 'function', function: definition };
}

function toToolChoice(choice: AnthropicToolChoice): { tool_choice: ToolChoice; parallel_tool_calls?: boolean } {
  const parallel =
    'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'none':
      return { tool_choice: 'none' };
    case 'tool':
      return { tool_choice: { type: 'function', function: { name: choice.name } }, ...parallel };
  }
}
