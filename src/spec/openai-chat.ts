/**
 * OpenAI chat-completions wire types: the hub format every provider translates to and from.
 * Field names and optionality follow the official `openai` package's `ChatCompletion*` types.
 */

export interface TextContentPart {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral'; ttl?: string };
}

export interface ImageContentPart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high'; format?: string };
}

export interface InputAudioContentPart {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' };
}

export interface FileContentPart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string; format?: string };
}

export type ContentPart = TextContentPart | ImageContentPart | InputAudioContentPart | FileContentPart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface SystemMessage {
  role: 'system' | 'developer';
  content: string | TextContentPart[];
  name?: string;
}

export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content?: string | TextContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  refusal?: string | null;
  /** LiteLLM extension: the model's reasoning, passed back on multi-turn calls. */
  reasoning_content?: string | null;
  /** LiteLLM extension: Anthropic thinking blocks (with signatures) to send back unchanged. */
  thinking_blocks?: ThinkingBlock[] | null;
}

export interface ToolMessage {
  role: 'tool';
  content: string | TextContentPart[];
  tool_call_id: string;
}

/** Deprecated OpenAI `function` role, accepted for old clients. */
export interface FunctionMessage {
  role: 'function';
  content: string | null;
  name: string;
}

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage | FunctionMessage;

export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean | null;
}

export interface FunctionTool {
  type: 'function';
  function: FunctionDefinition;
  cache_control?: { type: 'ephemeral' };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
    };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/** The OpenAI `POST /chat/completions` request body. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  n?: number | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  user?: string;
  reasoning_effort?: ReasoningEffort | null;
  service_tier?: string | null;
  modalities?: string[];
  prediction?: unknown;
  audio?: unknown;
  store?: boolean | null;
  /** Deprecated function-calling fields, still accepted by OpenAI. */
  functions?: FunctionDefinition[];
  function_call?: 'none' | 'auto' | { name: string };
  /** Anthropic-style extended thinking, accepted by LiteLLM for any reasoning model. */
  thinking?: { type: 'enabled' | 'disabled'; budget_tokens?: number };
  [extra: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ThinkingBlock {
  type: 'thinking' | 'redacted_thinking';
  thinking?: string;
  signature?: string;
  data?: string;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs?: { token: string; logprob: number; bytes: number[] | null }[];
}

export interface ChoiceLogprobs {
  content: TokenLogprob[] | null;
  refusal?: TokenLogprob[] | null;
}

export interface ResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  tool_calls?: ToolCall[];
  function_call?: { name: string; arguments: string } | null;
  annotations?: unknown[];
  audio?: unknown;
  /** LiteLLM extension: reasoning text from models that expose it (Anthropic thinking, DeepSeek, xAI, Gemini thoughts). */
  reasoning_content?: string;
  /** LiteLLM extension: Anthropic thinking blocks with their signatures. */
  thinking_blocks?: ThinkingBlock[];
}

export interface ChatCompletionChoice {
  index: number;
  message: ResponseMessage;
  finish_reason: FinishReason;
  logprobs: ChoiceLogprobs | null;
}

/** Token counts, in OpenAI's shape plus LiteLLM's cache fields. `prompt_tokens` includes cached and cache-write tokens. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: {
    cached_tokens?: number;
    audio_tokens?: number;
    /** Tokens written to the provider's prompt cache (Anthropic `cache_creation_input_tokens`). */
    cache_creation_tokens?: number;
  };
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  };
  /** LiteLLM's names for Anthropic-style cache accounting. */
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

/** The OpenAI `chat.completion` object. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage: Usage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ToolCallDelta[];
  function_call?: { name?: string; arguments?: string };
  reasoning_content?: string;
  thinking_blocks?: ThinkingBlock[];
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
  logprobs?: ChoiceLogprobs | null;
}

/** The OpenAI `chat.completion.chunk` object. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}
