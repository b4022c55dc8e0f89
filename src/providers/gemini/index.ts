import { postJson, sendRequest, type UpstreamRequest } from '../../http/send-request.js';
import type { CallContext, Provider } from '../../spec/provider.js';
import type { ProviderId } from '../../spec/provider-ids.js';
import { fromGeminiResponse } from './from-gemini-response.js';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './gemini-embeddings.js';
import { parseGeminiError, refineGeminiError } from './gemini-errors.js';
import { geminiModelPath, geminiSupportedParams } from './gemini-params.js';
import { readGeminiStream } from './read-gemini-stream.js';
import { toGeminiRequest } from './to-gemini-request.js';
import type { GeminiBatchEmbedContentsResponse, GeminiGenerateContentResponse } from './wire.js';

// The translation pieces, for Vertex AI and other Gemini-format upstreams.
export { fromGeminiResponse, mapGeminiFinishReason, toOpenAIUsage } from './from-gemini-response.js';
export { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './gemini-embeddings.js';
export { geminiRetryDelaySeconds, parseGeminiError, refineGeminiError } from './gemini-errors.js';
export { geminiModelPath, geminiSupportedParams } from './gemini-params.js';
export { toGeminiJsonSchema, toGeminiSchema } from './gemini-schema.js';
export {
  createGeminiStreamState,
  type GeminiStreamEvent,
  type GeminiStreamState,
  reduceGeminiStream,
} from './gemini-stream.js';
export { readGeminiStream } from './read-gemini-stream.js';
export { type GeminiRequestOptions, toGeminiRequest } from './to-gemini-request.js';

const PROVIDER_ID = 'gemini' satisfies ProviderId;

type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents';

/** `{base}/models/{model}:{method}`; streams ask for SSE. The key travels in a header, never in the URL (logs). */
function upstream(context: CallContext, method: GeminiMethod): Omit<UpstreamRequest, 'body'> {
  const base = context.apiBase.replace(/\/+$/, '');
  const url = `${base}/${geminiModelPath(context.modelId)}:${method}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`;
  return {
    context,
    provider: PROVIDER_ID,
    url,
    headers: context.apiKey ? { 'x-goog-api-key': context.apiKey } : {},
    parseError: parseGeminiError,
  };
}

/**
 * Google AI Studio's Gemini API (`gemini/<model>`), translated to and from OpenAI's format the
 * way LiteLLM's `gemini/` route does.
 * @example const { data } = await geminiProvider.doGenerate({ model: 'gemini-2.5-flash', messages }, context);
 */
export const geminiProvider: Provider = {
  id: PROVIDER_ID,
  apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  apiBaseEnv: ['GEMINI_API_BASE'],
  defaultApiBase: 'https://generativelanguage.googleapis.com/v1beta',
  requiresApiKey: true,
  supportedParams: geminiSupportedParams,

  async doGenerate(request, context) {
    const body = toGeminiRequest({
      request,
      modelId: context.modelId,
      params: context.params,
      warnings: context.warnings,
    });
    try {
      const { data, headers } = await postJson<GeminiGenerateContentResponse>({
        ...upstream(context, 'generateContent'),
        body,
      });
      return { data: fromGeminiResponse(data, { modelId: context.modelId }), headers };
    } catch (error) {
      throw refineGeminiError(error);
    }
  },

  async doStream(request, context) {
    const body = toGeminiRequest({
      request,
      modelId: context.modelId,
      params: context.params,
      warnings: context.warnings,
    });
    try {
      const response = await sendRequest({ ...upstream(context, 'streamGenerateContent'), body });
      const chunks = readGeminiStream(response.body, { provider: PROVIDER_ID, modelId: context.modelId });
      return { data: chunks, headers: response.headers };
    } catch (error) {
      throw refineGeminiError(error);
    }
  },

  async doEmbed(request, context) {
    const body = toGeminiEmbedRequest(request, context.modelId);
    try {
      const { data, headers } = await postJson<GeminiBatchEmbedContentsResponse>({
        ...upstream(context, 'batchEmbedContents'),
        body,
      });
      return { data: fromGeminiEmbedResponse(data, { request, modelId: context.modelId }), headers };
    } catch (error) {
      throw refineGeminiError(error);
    }
  },
};
