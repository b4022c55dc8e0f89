import { reduceSseStream } from '../../http/reduce-sse-stream.js';
import { postJson, sendRequest } from '../../http/send-request.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/openai-chat.js';
import type { CallContext, Provider } from '../../spec/provider.js';
import { paramsExcept } from '../openai-params.js';
import { anthropicStreamError, parseAnthropicErrorBody, refineAnthropicError } from './anthropic-errors.js';
import { ANTHROPIC_VERSION, anthropicMessagesUrl } from './anthropic-messages-url.js';
import { anthropicPassThrough } from './anthropic-pass-through.js';
import { createAnthropicStreamState, reduceAnthropicStreamEvent } from './anthropic-stream.js';
import { fromAnthropicResponse } from './from-anthropic-response.js';
import { type AnthropicRequestTranslation, toAnthropicRequest } from './to-anthropic-request.js';
import type { AnthropicMessage, AnthropicStreamEvent } from './wire.js';

// The pure translations are public: the proxy reuses them to serve `/v1/messages` the other way round.
export {
  ANTHROPIC_ERROR_STATUSES,
  anthropicStreamError,
  parseAnthropicErrorBody,
  refineAnthropicError,
} from './anthropic-errors.js';
export { ANTHROPIC_VERSION, anthropicMessagesUrl } from './anthropic-messages-url.js';
export { anthropicPassThrough } from './anthropic-pass-through.js';
export {
  type AnthropicStreamState,
  type AnthropicStreamStep,
  createAnthropicStreamState,
  reduceAnthropicStreamEvent,
} from './anthropic-stream.js';
export {
  ANTHROPIC_FINISH_REASONS,
  type FromAnthropicResponseOptions,
  fromAnthropicResponse,
  jsonToolArgumentsToContent,
  mapAnthropicFinishReason,
  mapAnthropicUsage,
} from './from-anthropic-response.js';
export {
  ANTHROPIC_IMAGE_MEDIA_TYPES,
  toAnthropicFileBlock,
  toAnthropicImageBlock,
  toAnthropicUserBlock,
} from './to-anthropic-content.js';
export {
  ANTHROPIC_PLACEHOLDER_USER_TEXT,
  type AnthropicMessagesTranslation,
  toAnthropicMessages,
  toAnthropicThinkingBlock,
  toAnthropicToolUseBlock,
} from './to-anthropic-messages.js';
export {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_THINKING_BUDGETS,
  type AnthropicRequestTranslation,
  anthropicBetas,
  isValidAnthropicUserId,
  type ToAnthropicRequestOptions,
  toAnthropicRequest,
  toAnthropicThinking,
} from './to-anthropic-request.js';
export {
  ANTHROPIC_JSON_TOOL_NAME,
  toAnthropicJsonResponseTool,
  toAnthropicToolChoice,
  toAnthropicTools,
  toAnthropicWebSearchTool,
} from './to-anthropic-tools.js';
export type * from './wire.js';

/** OpenAI parameters Anthropic has no equivalent for (LiteLLM's `get_supported_openai_params` leaves them out). */
export const ANTHROPIC_UNSUPPORTED_PARAMS = [
  'n',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'service_tier',
  'modalities',
  'prediction',
  'audio',
  'store',
  'functions',
  'function_call',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
] as const;

const SUPPORTED_PARAMS = paramsExcept(ANTHROPIC_UNSUPPORTED_PARAMS);

/**
 * Anthropic's Messages API (`anthropic/<model>`; bare `claude-*` names too), translated from and to
 * OpenAI's chat format as LiteLLM does. Anthropic has no embeddings endpoint.
 * @example await anthropicProvider.doGenerate({ model: 'claude-sonnet-4-5', messages }, context)
 */
export const anthropicProvider: Provider = {
  id: 'anthropic',
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  apiBaseEnv: ['ANTHROPIC_API_BASE', 'ANTHROPIC_BASE_URL'],
  defaultApiBase: 'https://api.anthropic.com',
  requiresApiKey: true,
  supportedParams: () => SUPPORTED_PARAMS,
  doGenerate: async (request, context) => {
    const translation = translate(request, context, false);
    const { data, headers } = await postJson<AnthropicMessage | { type: 'error' }>(
      upstream(translation, context),
    ).catch((error: unknown) => {
      throw refineAnthropicError(error);
    });
    // Anthropic can answer 200 with an error envelope (LiteLLM checks for it as well).
    if (data.type === 'error') {
      const detail = (data as { error?: { type: string; message: string } }).error;
      throw anthropicStreamError(detail ?? { type: 'api_error', message: 'error' }, { model: context.modelId });
    }
    const completion = fromAnthropicResponse(data as AnthropicMessage, { jsonMode: translation.jsonMode });
    return { data: completion, headers };
  },
  doStream: async (request, context) => {
    const translation = translate(request, context, true);
    const response = await sendRequest(upstream(translation, context)).catch((error: unknown) => {
      throw refineAnthropicError(error);
    });
    return { data: readAnthropicStream(response.body, context, translation.jsonMode), headers: response.headers };
  },
  passThrough: anthropicPassThrough,
};

function translate(request: ChatCompletionRequest, context: CallContext, stream: boolean): AnthropicRequestTranslation {
  const metadata = context.params.metadata as { user_id?: unknown } | undefined;
  const metadataUserId = typeof metadata?.user_id === 'string' ? metadata.user_id : undefined;
  const translation = toAnthropicRequest({ ...request, model: context.modelId }, { stream, metadataUserId });
  context.warnings.push(...translation.warnings);
  return translation;
}

/**
 * The request for `sendRequest`. A caller's `anthropic-beta` header is merged with the betas the body
 * needs instead of replacing them, so the caller's header is taken out of the context's headers.
 */
function upstream(translation: AnthropicRequestTranslation, context: CallContext) {
  const callerHeaders: Record<string, string> = {};
  const callerBetas: string[] = [];
  for (const [name, value] of Object.entries(context.headers)) {
    if (name.toLowerCase() === 'anthropic-beta') callerBetas.push(...value.split(','));
    else callerHeaders[name] = value;
  }
  const betas = [...new Set([...callerBetas, ...translation.betas].map((beta) => beta.trim()).filter(Boolean))];
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  if (context.apiKey) headers['x-api-key'] = context.apiKey;
  if (betas.length > 0) headers['anthropic-beta'] = betas.join(',');
  return {
    context: { ...context, headers: callerHeaders },
    provider: 'anthropic',
    url: anthropicMessagesUrl(context.apiBase),
    headers,
    body: translation.body,
    parseError: parseAnthropicErrorBody,
  };
}

/** Anthropic's SSE body through the pure reducer, event by event; an `error` event is thrown. */
export function readAnthropicStream(
  body: AsyncIterable<Uint8Array>,
  context: Pick<CallContext, 'modelId'>,
  jsonMode: boolean,
): AsyncGenerator<ChatCompletionChunk> {
  let state = createAnthropicStreamState({ model: context.modelId, created: Math.floor(Date.now() / 1000), jsonMode });
  return reduceSseStream<ChatCompletionChunk>(body, {
    event(payload, name) {
      const event = payload as Record<string, unknown>;
      // The JSON `type` is authoritative; the SSE `event:` name repeats it, so it only fills a gap.
      if (typeof event.type !== 'string' && name) event.type = name;
      const step = reduceAnthropicStreamEvent(state, event as unknown as AnthropicStreamEvent);
      if (step.error) throw anthropicStreamError(step.error, { model: context.modelId });
      state = step.state;
      return step.chunks;
    },
  });
}
