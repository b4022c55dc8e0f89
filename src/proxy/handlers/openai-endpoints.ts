import type { RouterCompletionParams } from '../../router/index.js';
import type { EmbeddingParams } from '../../sdk/embedding.js';
import type { HiddenParams } from '../../sdk/hidden-params.js';
import type { TextCompletionParams } from '../../sdk/text-completion.js';
import type { Usage } from '../../spec/openai-chat.js';
import type { TextCompletion } from '../../spec/openai-completions.js';
import { buildCallParams, requireModelGroup } from '../call-params.js';
import { jsonResponse, type RouteContext } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import { readJsonBody } from '../read-json-body.js';
import { litellmHeaders } from '../response-headers.js';
import { validateOpenAIBody } from '../validation/validate-request.js';
import { batchCompletionsHandler, batchModels } from './batch-completions.js';
import { openaiSse } from './openai-sse.js';
import { SSE_HEADERS, streamResponse } from './stream-response.js';
import { timeoutHeader } from './timeout-header.js';

/** Reads the body, finds the model group and builds the router call for an OpenAI-format endpoint. */
async function prepare(route: RouteContext, endpoint: string, body = readJsonBody(route.request)) {
  validateOpenAIBody(endpoint, body);
  const requested = route.params.model ?? body.model;
  const match = requireModelGroup(route.state.router, requested, endpoint);
  Object.assign(route.logEntry, { model: requested, model_group: match.modelGroup, stream: body.stream === true });
  const params = await buildCallParams({
    body,
    model: requested as string,
    match,
    defaults: route.state.defaults,
    policy: route.state.policy,
    headers: route.request.headers,
    maxRetries: route.state.router.settings.numRetries,
  });
  const options = { signal: route.request.signal, transport: route.state.transport };
  return { params, options };
}

function finished(
  route: RouteContext,
  response: { usage?: Partial<Usage> | null; _hidden_params: HiddenParams & { model_id?: string | undefined } },
  params?: Record<string, unknown>,
): GatewayResponse {
  const hidden = response._hidden_params;
  Object.assign(route.logEntry, {
    provider: hidden.custom_llm_provider,
    deployment_id: hidden.model_id,
    prompt_tokens: response.usage?.prompt_tokens,
    completion_tokens: response.usage?.completion_tokens,
    total_tokens: response.usage?.total_tokens,
    response_cost: hidden.response_cost,
  });
  const headers = litellmHeaders({ requestId: route.request.requestId, version: route.state.version, hidden });
  if (params) withTimeoutHeader(route, headers, params, hidden.model_id);
  return jsonResponse(200, response, headers);
}

function withTimeoutHeader(
  route: RouteContext,
  headers: Record<string, string>,
  params: Record<string, unknown>,
  modelId: string | undefined,
): void {
  const stream = params.stream === true;
  const timeout = timeoutHeader({ router: route.state.router, params, modelId, stream });
  if (timeout !== undefined) headers['x-litellm-timeout'] = timeout;
}

/** `POST /v1/chat/completions` (and the Azure-style deployment path). */
export async function chatCompletionsHandler(route: RouteContext): Promise<GatewayResponse> {
  const body = readJsonBody(route.request);
  // `"model": "gpt-4o,claude-sonnet"`: LiteLLM's batch completions, one answer per model.
  const models = route.params.model === undefined ? batchModels(route.state.router, body.model) : undefined;
  if (models) {
    const prepareCall = (modelBody: Record<string, unknown>) => prepare(route, '/chat/completions', modelBody);
    return batchCompletionsHandler({ route, body, models, prepare: prepareCall });
  }
  const { params, options } = await prepare(route, '/chat/completions', body);
  const callParams = params as unknown as RouterCompletionParams;
  const { router } = route.state;
  // callParams is this request's own copy: set in place rather than copied again.
  if (callParams.stream !== true) {
    callParams.stream = false;
    return finished(
      route,
      await router.completion(callParams as typeof callParams & { stream: false }, options),
      params,
    );
  }
  // OpenAI upstreams are relayed verbatim (no per-chunk parse and re-serialise); others are framed chunk by chunk.
  const stream = await router.completion(callParams as typeof callParams & { stream: true }, {
    ...options,
    verbatimSse: true,
  });
  const usage = () => ({ usage: stream.usage, cost: stream._hidden_params.response_cost });
  const response = streamResponse(route, stream, openaiSse(stream.sse(), route, usage));
  withTimeoutHeader(route, response.headers, params, stream._hidden_params.model_id);
  return response;
}

/** `POST /v1/embeddings` */
export async function embeddingsHandler(route: RouteContext): Promise<GatewayResponse> {
  const { params, options } = await prepare(route, '/embeddings');
  return finished(route, await route.state.router.embedding(params as unknown as EmbeddingParams, options));
}

/** `POST /v1/completions` (legacy text completions) */
export async function completionsHandler(route: RouteContext): Promise<GatewayResponse> {
  const { params, options } = await prepare(route, '/completions');
  const callParams = params as unknown as TextCompletionParams;
  const result = await route.state.router.textCompletion(callParams, options);
  if (!(Symbol.asyncIterator in result)) return finished(route, result, params);
  route.deferLog = true;
  let usage: Usage | undefined;
  async function* watchUsage(): AsyncGenerator<TextCompletion> {
    for await (const chunk of result as AsyncIterable<TextCompletion>) {
      if (chunk.usage) usage = chunk.usage;
      yield chunk;
    }
  }
  return {
    status: 200,
    headers: {
      ...SSE_HEADERS,
      ...litellmHeaders({ requestId: route.request.requestId, version: route.state.version }),
    },
    stream: openaiSse(watchUsage(), route, () => ({ usage, cost: undefined })),
  };
}
