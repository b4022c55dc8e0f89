import { BadRequestError } from '../../errors/index.js';
import type { ChatCompletionRequest, ReasoningEffort } from '../../spec/openai-chat.js';
import type { Warning } from '../../spec/warning.js';
import { OPENAI_CHAT_PARAM_SET } from '../openai-params.js';
import { ANTHROPIC_FILES_BETA } from './to-anthropic-content.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';
import {
  ANTHROPIC_JSON_TOOL_NAME,
  toAnthropicJsonResponseTool,
  toAnthropicToolChoice,
  toAnthropicTools,
  toAnthropicWebSearchTool,
} from './to-anthropic-tools.js';
import type { AnthropicMessagesRequest, AnthropicThinkingConfig, AnthropicTool } from './wire.js';

/**
 * `max_tokens` sent when the caller gives none (Anthropic requires one). LiteLLM's
 * `DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS` is the same 4096; the model's own output limit would need the
 * models table, which providers may not import.
 */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** Thinking budgets for `reasoning_effort` (LiteLLM's low/medium/high); `minimal` gets Anthropic's minimum. */
export const ANTHROPIC_THINKING_BUDGETS = { minimal: 1024, low: 1024, medium: 2048, high: 4096 } as const;

// The versioned computer-use tools need their beta flag (LiteLLM's get_computer_tool_beta_header).
const COMPUTER_USE_BETAS: Readonly<Record<string, string>> = {
  computer_20250124: 'computer-use-2025-01-24',
  computer_20241022: 'computer-use-2024-10-22',
};
const MCP_BETA = 'mcp-client-2025-04-04';

// OpenAI fields translated below; any other OpenAI field Anthropic has no equivalent for.
const TRANSLATED_PARAMS: ReadonlySet<string> = new Set([
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'user',
  'reasoning_effort',
  'thinking',
  'web_search_options',
  'stream_options',
]);
const NEVER_SENT: ReadonlySet<string> = new Set(['model', 'messages', 'stream']);

export interface ToAnthropicRequestOptions {
  /** Ask for a server-sent event stream. */
  stream?: boolean;
  /** LiteLLM's `metadata.user_id` call field; wins over `user`. */
  metadataUserId?: string | undefined;
}

export interface AnthropicRequestTranslation {
  body: AnthropicMessagesRequest;
  /** `anthropic-beta` flags the body needs. */
  betas: string[];
  /** `response_format` was turned into the `json_tool_call` tool; its input is the answer's content. */
  jsonMode: boolean;
  /** What was changed or dropped on the way. */
  warnings: Warning[];
}

/**
 * An OpenAI chat request as an Anthropic Messages request, following LiteLLM's `AnthropicConfig`.
 * @example toAnthropicRequest({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], stop: 'END' }).body
 *   // → { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
 *   //     max_tokens: 4096, stop_sequences: ['END'] }
 */
export function toAnthropicRequest(
  request: ChatCompletionRequest,
  options: ToAnthropicRequestOptions = {},
): AnthropicRequestTranslation {
  const { system, messages, warnings } = toAnthropicMessages(request.messages);
  const thinking = toAnthropicThinking(request, warnings);
  const body: AnthropicMessagesRequest = {
    model: request.model,
    messages,
    max_tokens: chooseMaxTokens(request, thinking),
  };
  if (system !== undefined) body.system = system;
  if (thinking) body.thinking = thinking;
  applySamplingParams(request, body);
  applyUserId(body, options.metadataUserId ?? request.user ?? undefined, warnings);
  const jsonMode = applyTools(request, body, thinking);
  copyExtraParams(request, body, warnings);
  if (options.stream) body.stream = true;
  return { body, betas: anthropicBetas(body), jsonMode, warnings };
}

/**
 * `reasoning_effort` as Anthropic `thinking` (LiteLLM's budgets: low 1024, medium 2048, high 4096);
 * an explicit `thinking` wins and is passed as given.
 * @example toAnthropicThinking({ model: 'm', messages: [], reasoning_effort: 'medium' }, [])
 *   // → { type: 'enabled', budget_tokens: 2048 }
 */
export function toAnthropicThinking(
  request: Pick<ChatCompletionRequest, 'thinking' | 'reasoning_effort'>,
  warnings: Warning[],
): AnthropicThinkingConfig | undefined {
  if (request.thinking) return request.thinking as AnthropicThinkingConfig;
  const effort = request.reasoning_effort;
  if (!effort || effort === 'none') return undefined;
  const budget = ANTHROPIC_THINKING_BUDGETS[effort as Exclude<ReasoningEffort, 'none' | 'xhigh'>];
  if (budget === undefined) {
    throw new BadRequestError({
      message: `anthropicException - unmapped reasoning_effort '${effort}'; use low, medium or high, or pass thinking`,
      provider: 'anthropic',
      param: 'reasoning_effort',
    });
  }
  if (effort === 'minimal') {
    warnings.push({
      type: 'clamped-param',
      param: 'reasoning_effort',
      message: `Anthropic's smallest thinking budget is ${budget} tokens; 'minimal' was sent as that`,
    });
  }
  return { type: 'enabled', budget_tokens: budget };
}

/** An explicit limit wins; with thinking on, the budget comes on top of the default (LiteLLM does the same). */
function chooseMaxTokens(request: ChatCompletionRequest, thinking: AnthropicThinkingConfig | undefined): number {
  const explicit = request.max_completion_tokens ?? request.max_tokens;
  if (explicit !== undefined && explicit !== null) return explicit;
  if (thinking?.type === 'enabled') return thinking.budget_tokens + ANTHROPIC_DEFAULT_MAX_TOKENS;
  return ANTHROPIC_DEFAULT_MAX_TOKENS;
}

function applySamplingParams(request: ChatCompletionRequest, body: AnthropicMessagesRequest): void {
  if (request.temperature !== undefined && request.temperature !== null) body.temperature = request.temperature;
  if (request.top_p !== undefined && request.top_p !== null) body.top_p = request.top_p;
  const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop && stop.length > 0) body.stop_sequences = [...stop];
}

// LiteLLM's `_valid_user_id`: Anthropic rejects ids that look like an email address or a phone number.
const EMAIL_PATTERN = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
const PHONE_PATTERN = /^\+?[\d\s()-]{7,}$/;

/** Whether Anthropic accepts this as `metadata.user_id` (not an email address or phone number). */
export function isValidAnthropicUserId(userId: string): boolean {
  return !EMAIL_PATTERN.test(userId) && !PHONE_PATTERN.test(userId);
}

function applyUserId(body: AnthropicMessagesRequest, userId: string | undefined, warnings: Warning[]): void {
  if (typeof userId !== 'string' || userId === '') return;
  if (isValidAnthropicUserId(userId)) {
    body.metadata = { user_id: userId };
    return;
  }
  warnings.push({
    type: 'dropped-param',
    param: 'user',
    message: 'Anthropic rejects a user id that looks like an email address or phone number; it was not sent',
  });
}

/** Tools, tool choice, `response_format` and web search; returns whether the JSON tool trick is on. */
function applyTools(
  request: ChatCompletionRequest,
  body: AnthropicMessagesRequest,
  thinking: AnthropicThinkingConfig | undefined,
): boolean {
  const tools: AnthropicTool[] = request.tools ? toAnthropicTools(request.tools) : [];
  const toolChoice = toAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls);
  if (toolChoice) body.tool_choice = toolChoice;
  const webSearch = request.web_search_options;
  if (webSearch && typeof webSearch === 'object') tools.push(toAnthropicWebSearchTool(webSearch));
  const jsonTool = toAnthropicJsonResponseTool(request.response_format);
  if (jsonTool) {
    tools.push(jsonTool);
    // Anthropic refuses a forced tool while thinking is on, so then the model is only offered the tool.
    if (thinking?.type !== 'enabled') body.tool_choice = { type: 'tool', name: ANTHROPIC_JSON_TOOL_NAME };
  }
  if (tools.length > 0) body.tools = tools;
  return jsonTool !== undefined;
}

/** Provider-specific extras (`top_k`, `mcp_servers` …) go through as given; OpenAI-only fields are reported. */
function copyExtraParams(request: ChatCompletionRequest, body: AnthropicMessagesRequest, warnings: Warning[]): void {
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined || value === null || NEVER_SENT.has(name) || TRANSLATED_PARAMS.has(name)) continue;
    if (!OPENAI_CHAT_PARAM_SET.has(name)) {
      body[name] = value;
      continue;
    }
    if (name === 'n' && value === 1) continue;
    warnings.push({
      type: 'dropped-param',
      param: name,
      message: `Anthropic does not support '${name}'; it was not sent`,
    });
  }
}

/** The `anthropic-beta` flags a request body needs (computer use, MCP servers, uploaded files). */
export function anthropicBetas(body: AnthropicMessagesRequest): string[] {
  const betas = new Set<string>();
  for (const tool of body.tools ?? []) {
    const type = (tool as { type?: unknown }).type;
    if (typeof type === 'string' && type.startsWith('computer_')) {
      betas.add(COMPUTER_USE_BETAS[type] ?? 'computer-use-2024-10-22');
    }
  }
  if (Array.isArray(body.mcp_servers) && body.mcp_servers.length > 0) betas.add(MCP_BETA);
  const usesFiles = body.messages.some((message) =>
    message.content.some((block) => 'source' in block && block.source.type === 'file'),
  );
  if (usesFiles) betas.add(ANTHROPIC_FILES_BETA);
  return [...betas];
}
