/**
 * Anthropic Messages API wire types (`POST /v1/messages`), limited to the fields llmux reads or
 * writes. Names follow Anthropic's spec (`CreateMessageParams`, `Message`, `MessageStreamEvent`).
 */

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface AnthropicTextBlockParam {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export interface AnthropicImageBlockParam {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: 'application/pdf'; data: string }
  | { type: 'text'; media_type: 'text/plain'; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export interface AnthropicDocumentBlockParam {
  type: 'document';
  source: AnthropicDocumentSource;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content: string | (AnthropicTextBlockParam | AnthropicImageBlockParam)[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicThinkingBlockParam {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlockParam {
  type: 'redacted_thinking';
  data: string;
}

export type AnthropicUserContentBlock =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicDocumentBlockParam
  | AnthropicToolResultBlockParam;

export type AnthropicAssistantContentBlock =
  | AnthropicTextBlockParam
  | AnthropicToolUseBlockParam
  | AnthropicThinkingBlockParam
  | AnthropicRedactedThinkingBlockParam;

export type AnthropicContentBlockParam = AnthropicUserContentBlock | AnthropicAssistantContentBlock;

export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: AnthropicContentBlockParam[];
}

/** A custom (client) tool. Anthropic's server tools (`web_search_*`, `computer_*` …) are passed as given. */
export interface AnthropicCustomTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicTool = AnthropicCustomTool | ({ type: string; name: string } & Record<string, unknown>);

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

/** The `POST /v1/messages` body (`CreateMessageParams`). Unknown extras are passed through. */
export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens: number;
  system?: string | AnthropicTextBlockParam[];
  metadata?: { user_id?: string };
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  thinking?: AnthropicThinkingConfig;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  [extra: string]: unknown;
}

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

/** `Usage` of a message; in `message_delta` events every field is cumulative and may be absent. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/**
 * The blocks llmux translates. Others (server tool use, web search results …) can arrive too;
 * readers skip them in a `default` branch rather than widening this union, which would stop `type` narrowing.
 */
export type AnthropicResponseBlock =
  | AnthropicTextBlock
  | AnthropicToolUseBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

/** The non-streaming answer (`Message`). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence?: string | null;
  usage: AnthropicUsage;
}

export interface AnthropicErrorDetail {
  type: string;
  message: string;
}

/** The error envelope, both as an HTTP error body and as an `error` stream event. */
export interface AnthropicErrorBody {
  type: 'error';
  error: AnthropicErrorDetail;
  request_id?: string | null;
}

export type AnthropicContentDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation?: unknown };

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: Pick<AnthropicMessage, 'id' | 'model' | 'usage'> }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason?: AnthropicStopReason | null; stop_sequence?: string | null };
      usage?: AnthropicUsage;
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | AnthropicErrorBody;
