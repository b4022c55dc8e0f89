import { errorFromResponse } from '../../errors/index.js';
import { parseErrorBody } from '../../http/parse-error-body.js';
import { reduceSseStream, type SseReducer } from '../../http/reduce-sse-stream.js';
import { postJson, sendRequest } from '../../http/send-request.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/openai-chat.js';
import type { TextCompletion, TextCompletionRequest } from '../../spec/openai-completions.js';
import type { EmbeddingResponse } from '../../spec/openai-embeddings.js';
import type { CallContext, Provider, ProviderResult } from '../../spec/provider.js';
import { paramsExcept } from '../openai-params.js';
import { createChunkNormalizerState, normalizeChatChunk } from './normalize-chat-chunk.js';
import { normalizeChatCompletion } from './normalize-chat-completion.js';

/** One row of the OpenAI-compatible table: everything that makes a vendor differ from OpenAI. */
export interface CompatibleProviderConfig {
  id: string;
  defaultApiBase?: string;
  apiKeyEnv: readonly string[];
  apiBaseEnv?: readonly string[];
  /** Local servers (vLLM, LM Studio, llamafile) run without a key. Default true. */
  requiresApiKey?: boolean;
  /** OpenAI request fields the vendor rejects. */
  unsupportedParams?: readonly string[] | ((modelId: string) => readonly string[]);
  /** Field renames the vendor needs, e.g. `{ max_completion_tokens: 'max_tokens' }`. */
  renameParams?: Readonly<Record<string, string>>;
  /** Whether the vendor accepts `stream_options.include_usage`. Default true. */
  streamUsage?: boolean;
  /**
   * Whether the vendor's stream is OpenAI's own format exactly (stable ids, role first, usage when
   * asked), so a gateway may relay its events verbatim. Only OpenAI itself; vendors differ in details.
   */
  verbatimStream?: boolean;
  embeddings?: boolean;
  textCompletions?: boolean;
  /** Headers beyond `Authorization`, e.g. OpenRouter's attribution headers. */
  headers?: (context: CallContext) => Record<string, string>;
  /** How the key is sent; default `Authorization: Bearer`. */
  authHeaders?: (apiKey: string) => Record<string, string>;
  /** Last changes to the body for this vendor's quirks; may push warnings. */
  transformRequest?: (body: Record<string, unknown>, context: CallContext) => void;
  /** Model id as the vendor wants it (Fireworks' `accounts/fireworks/models/` prefix). */
  modelId?: (modelId: string) => string;
  /** URL of an endpoint under the base, e.g. Azure's deployment paths. */
  endpointUrl?: (context: CallContext, endpoint: 'chat/completions' | 'embeddings' | 'completions') => string;
}

/** Builds a provider for a vendor that speaks OpenAI's format. */
export function openaiCompatible(config: CompatibleProviderConfig): Provider {
  const unsupported = config.unsupportedParams ?? [];
  const fixedParams = typeof unsupported === 'function' ? undefined : paramsExcept(unsupported);
  // Model-dependent rules are evaluated once per model id: this runs on every request.
  const byModel = new Map<string, ReadonlySet<string>>();
  const supportedFor = (modelId: string): ReadonlySet<string> => {
    let supported = byModel.get(modelId);
    if (!supported) {
      supported = paramsExcept((unsupported as (id: string) => readonly string[])(modelId));
      if (byModel.size < 1000) byModel.set(modelId, supported);
    }
    return supported;
  };
  const provider: Provider = {
    id: config.id,
    apiKeyEnv: config.apiKeyEnv,
    apiBaseEnv: config.apiBaseEnv ?? [],
    defaultApiBase: config.defaultApiBase,
    requiresApiKey: config.requiresApiKey ?? true,
    supportedParams: (modelId) => fixedParams ?? supportedFor(modelId),
    doGenerate: async (request, context) => {
      const { data, headers } = await postJson<Record<string, unknown>>({
        ...upstream(config, context, 'chat/completions'),
        body: chatBody(config, request, context, false),
      });
      return { data: normalizeChatCompletion(data, context.modelId), headers };
    },
    doStream: async (request, context) => {
      const call = upstream(config, context, 'chat/completions');
      const response = await sendRequest({ ...call, body: chatBody(config, request, context, true) });
      const reducer = chatChunkReducer(context, config.id);
      return {
        data: readChatStream(response.body, reducer),
        headers: response.headers,
        ...(config.verbatimStream ? { verbatim: { body: response.body, parseEvent: reducer.parseEvent } } : {}),
      };
    },
  };
  if (config.embeddings) {
    provider.doEmbed = async (request, context) =>
      postJson<EmbeddingResponse>({
        ...upstream(config, context, 'embeddings'),
        body: { ...request, model: vendorModelId(config, context) },
      });
  }
  if (config.textCompletions) {
    provider.doTextCompletion = (request, context) => postTextCompletion(config, request, context);
    provider.doTextCompletionStream = (request, context) => streamTextCompletion(config, request, context);
  }
  return provider;
}

function upstream(
  config: CompatibleProviderConfig,
  context: CallContext,
  endpoint: 'chat/completions' | 'embeddings' | 'completions',
) {
  const auth = context.apiKey ? (config.authHeaders ?? bearer)(context.apiKey) : {};
  return {
    context,
    provider: config.id,
    url: config.endpointUrl ? config.endpointUrl(context, endpoint) : `${context.apiBase}/${endpoint}`,
    headers: { ...auth, ...config.headers?.(context) },
  };
}

function bearer(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}

function vendorModelId(config: CompatibleProviderConfig, context: CallContext): string {
  return config.modelId ? config.modelId(context.modelId) : context.modelId;
}

function chatBody(
  config: CompatibleProviderConfig,
  request: ChatCompletionRequest,
  context: CallContext,
  stream: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: vendorModelId(config, context) };
  if (stream) {
    body.stream = true;
    // Always ask for usage so spend can be counted; the SDK hides the usage chunk unless the caller asked.
    if (config.streamUsage !== false) body.stream_options = { ...request.stream_options, include_usage: true };
    else delete body.stream_options;
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  const renames = config.renameParams;
  for (const from in renames) {
    const to = renames[from] as string;
    if (body[from] === undefined) continue;
    body[to] ??= body[from];
    delete body[from];
    context.warnings.push({
      type: 'renamed-param',
      param: from,
      message: `${config.id} takes '${to}' instead of '${from}'`,
    });
  }
  config.transformRequest?.(body, context);
  return body;
}

/** An OpenAI-style SSE body as normalised chunks; an `error` payload mid-stream becomes a typed error. */
export function readChatStream(
  body: AsyncIterable<Uint8Array>,
  reducer: ChatChunkReducer,
): AsyncGenerator<ChatCompletionChunk> {
  return reduceSseStream(body, reducer);
}

/** One stream's reducer: a parsed event in, a normalised chunk out. `parseEvent` takes an event's raw `data` (the verbatim relay's). */
export interface ChatChunkReducer extends SseReducer<ChatCompletionChunk> {
  parseEvent(data: string): ChatCompletionChunk | undefined;
}

/** One stream's `parseEvent` alone (an event's raw `data` in, a normalised chunk out). */
export function chatEventParser(context: CallContext, providerId: string): ChatChunkReducer['parseEvent'] {
  return chatChunkReducer(context, providerId).parseEvent;
}

export function chatChunkReducer(context: CallContext, providerId: string): ChatChunkReducer {
  const state = createChunkNormalizerState(context.modelId);
  const event = (payload: unknown): ChatCompletionChunk | undefined => {
    const parsed = payload as Record<string, unknown>;
    if (parsed.error !== undefined && parsed.choices === undefined) throw streamError(parsed, context, providerId);
    return normalizeChatChunk(parsed, state);
  };
  return {
    event,
    parseEvent(raw) {
      const data = raw.trim();
      if (!data || data === '[DONE]') return undefined;
      return event(JSON.parse(data));
    },
  };
}

/** The HTTP status an error event's code or type stands for (a stream's status was already 200). */
const STATUS_OF_ERROR_NAME: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  context_length_exceeded: 400,
  authentication_error: 401,
  invalid_api_key: 401,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  model_not_found: 404,
  rate_limit_exceeded: 429,
  rate_limit_error: 429,
  insufficient_quota: 429,
  tokens_exceeded: 429,
  server_error: 500,
  internal_error: 500,
  overloaded_error: 503,
  service_unavailable: 503,
  timeout: 408,
};

/** An error event in a stream: its numeric code, else its code or type by name, else 500. */
function streamErrorStatus(error: { code?: unknown; type?: unknown; status?: unknown } | undefined): number {
  for (const value of [error?.code, error?.status]) {
    const number = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && number >= 400 && number < 600) return number;
  }
  for (const value of [error?.code, error?.type]) {
    if (typeof value === 'string' && Object.hasOwn(STATUS_OF_ERROR_NAME, value))
      return STATUS_OF_ERROR_NAME[value] as number;
  }
  return 500;
}

function streamError(parsed: Record<string, unknown>, context: CallContext, providerId: string) {
  const details = parseErrorBody(parsed, 'stream error');
  const inner = typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : undefined;
  const status = streamErrorStatus(inner as { code?: unknown; type?: unknown; status?: unknown } | undefined);
  return errorFromResponse({
    status,
    body: parsed,
    headers: {},
    provider: providerId,
    model: context.modelId,
    ...details,
  });
}

async function postTextCompletion(
  config: CompatibleProviderConfig,
  request: TextCompletionRequest,
  context: CallContext,
): Promise<ProviderResult<TextCompletion>> {
  const body = { ...request, model: vendorModelId(config, context) };
  delete body.stream;
  delete body.stream_options;
  return postJson<TextCompletion>({ ...upstream(config, context, 'completions'), body });
}

async function streamTextCompletion(
  config: CompatibleProviderConfig,
  request: TextCompletionRequest,
  context: CallContext,
): Promise<ProviderResult<AsyncIterable<TextCompletion>>> {
  const body: Record<string, unknown> = { ...request, model: vendorModelId(config, context), stream: true };
  if (config.streamUsage !== false) body.stream_options = { ...request.stream_options, include_usage: true };
  const response = await sendRequest({ ...upstream(config, context, 'completions'), body });
  return { data: readTextCompletionStream(response.body), headers: response.headers };
}

function readTextCompletionStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<TextCompletion> {
  return reduceSseStream(body, { event: (payload) => payload as TextCompletion });
}
