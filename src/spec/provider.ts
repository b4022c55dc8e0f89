import type { CancelSignal } from './cancel-signal.js';
import type { LiteLLMParams } from './litellm-params.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, Usage } from './openai-chat.js';
import type { TextCompletion, TextCompletionRequest } from './openai-completions.js';
import type { EmbeddingRequest, EmbeddingResponse } from './openai-embeddings.js';
import type { AnyProviderId } from './provider-ids.js';
import type { Transport } from './transport.js';
import type { Warning } from './warning.js';

/** Everything a provider needs for one call, resolved by the SDK before the call. */
export interface CallContext {
  /** The provider's own model id (the part after `provider/`). */
  modelId: string;
  apiKey: string | undefined;
  /** Base URL without a trailing slash. */
  apiBase: string;
  apiVersion: string | undefined;
  /** Extra headers from `extra_headers` / `headers`, sent as given. */
  headers: Record<string, string>;
  /** All LiteLLM fields of the call, for provider-specific ones (`azure_ad_token`, `safety_settings` …). */
  params: LiteLLMParams;
  transport: Transport;
  /** The call's cancellation (the caller's signal, the timeout, a stream left early); `sendRequest` passes it on. */
  cancel: CancelSignal | undefined;
  /** Providers push what they changed here. */
  warnings: Warning[];
}

export interface ProviderResult<T> {
  data: T;
  /** Upstream response headers (lower-case), for `x-ratelimit-*` pass-through. */
  headers: Record<string, string>;
}

/**
 * A stream whose upstream already speaks OpenAI's SSE format exactly (OpenAI itself), so a gateway
 * can relay its events as they are instead of parsing and re-serialising every chunk.
 */
export interface VerbatimStream {
  /** The upstream's SSE body. Read either this or the result's parsed `data`, never both. */
  body: AsyncIterable<Uint8Array>;
  /** One event's `data` as a normalised chunk (`undefined`: nothing to emit); throws the typed error of an error event. */
  parseEvent(data: string): ChatCompletionChunk | undefined;
}

/** A chat stream: parsed chunks, and, where the upstream format allows, the verbatim body. */
export interface ProviderStreamResult extends ProviderResult<AsyncIterable<ChatCompletionChunk>> {
  verbatim?: VerbatimStream;
}

/** A request already in a provider's own wire format, forwarded as it is (the gateway's native `/v1/messages`). */
export interface PassThroughRequest {
  format: 'anthropic';
  endpoint: 'messages' | 'count_tokens';
  /** The client's body; the provider sets `model` to the context's model id. */
  body: Record<string, unknown>;
  /** The client's protocol headers, lower-case names (`anthropic-version`, `anthropic-beta`); others are not sent. */
  headers: Record<string, string>;
  stream: boolean;
}

/** The upstream's answer to a `PassThroughRequest`, in its own wire format. */
export interface PassThroughResult {
  /** Upstream headers worth forwarding (lower-case): `content-type`, `anthropic-ratelimit-*`, `request-id`. */
  headers: Record<string, string>;
  /**
   * The whole answer, or the stream's events as received, whole events only (one string per upstream
   * read). A stream that breaks, ends early or sends an event over the size limit throws a typed
   * error after every whole event before it; leaving it early releases the upstream.
   */
  body: string | AsyncIterable<string>;
  /** The usage seen so far, OpenAI-shaped with cache tokens; `undefined` before any. */
  usage(): Usage | undefined;
}

/** A provider's request: the OpenAI body with `model` set to the provider's model id. */
export type ProviderChatRequest = ChatCompletionRequest;

/**
 * One upstream API. OpenAI-compatible vendors are table rows built by `openaiCompatible`;
 * translating providers (Anthropic, Gemini …) implement it in their own folder.
 */
export interface Provider {
  /** A built-in `ProviderId`, or a user's own id for a provider given to `registerProvider()`. */
  id: AnyProviderId;
  /** Environment variables read for the API key, first found wins. */
  apiKeyEnv: readonly string[];
  /** Environment variables read for the base URL. */
  apiBaseEnv: readonly string[];
  defaultApiBase: string | undefined;
  /** Whether a call without any key is refused before it is sent. */
  requiresApiKey: boolean;
  /** OpenAI request fields this provider understands for this model; the rest are unsupported. */
  supportedParams(modelId: string): ReadonlySet<string>;
  doGenerate(request: ProviderChatRequest, context: CallContext): Promise<ProviderResult<ChatCompletion>>;
  doStream(request: ProviderChatRequest, context: CallContext): Promise<ProviderStreamResult>;
  doEmbed?(request: EmbeddingRequest, context: CallContext): Promise<ProviderResult<EmbeddingResponse>>;
  doTextCompletion?(request: TextCompletionRequest, context: CallContext): Promise<ProviderResult<TextCompletion>>;
  doTextCompletionStream?(
    request: TextCompletionRequest,
    context: CallContext,
  ): Promise<ProviderResult<AsyncIterable<TextCompletion>>>;
  /** Forwards a request already in this provider's own wire format (the gateway's native `/v1/messages`). */
  passThrough?(request: PassThroughRequest, context: CallContext): Promise<PassThroughResult>;
}
