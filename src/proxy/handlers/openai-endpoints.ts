import { BadRequestError } from '../../errors/index.js';
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
import { openaiSse } from './openai-sse.js';
import { SSE_HEADERS, streamResponse } from './stream-response.js';

/** Reads the body, finds the model group and builds the router call for an OpenAI-format endpoint. */
async function prepare(route: RouteContext, endpoint: string) {
  const body = readJsonBody(route.request);
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
  });
  const options = { signal: route.request.signal, transport: route.state.transport };
  return { params, options };
}

function finished(
  route: RouteContext,
  response: { usage?: Partial<Usage> | null; _hidden_params: HiddenParams & { model_id?: string | undefined } },
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
  return jsonResponse(
    200,
    response,
    litellmHeaders({ requestId: route.request.requestId, version: route.state.version, hidden }),
  );
}

/** `POST /v1/chat/completions` (and the Azure-style deployment path). */
export async function chatCompletionsHandler(route: RouteContext): Promise<GatewayResponse> {
  const { params, options } = await prepare(route, '/chat/completions');
  const callParams = params as unknown as RouterCompletionParams;
  if (!Array.isArray(callParams.messages)) {
    throw new BadRequestError({ message: "'messages' is required and must be an array", param: 'messages' });
  }
  const { router } = route.state;
  // callParams is this request's own copy: set in place rather than copied again.
  if (callParams.stream !== true) {
    callParams.stream = false;
    return finished(route, await router.completion(callParams as typeof callParams & { stream: false }, options));
  }
  // OpenAI upstreams are relayed verbatim (no per-chunk parse and re-serialise); others are framed chunk by chunk.
  const stream = await router.completion(callParams as typeof callParams & { stream: true }, {
    ...options,
    verbatimSse: true,
  });
  const usage = () => ({ usage: stream.usage, cost: stream._hidden_params.response_cost });
  return streamResponse(route, stream, openaiSse(stream.sse(), route, usage));
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
  if (!(Symbol.asyncIterator in result)) return finished(route, result);
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
