import { BadRequestError } from '../../errors/index.js';
import { type CompletionParams, completion } from '../../sdk/completion.js';
import { type EmbeddingParams, embedding } from '../../sdk/embedding.js';
import type { HiddenParams } from '../../sdk/hidden-params.js';
import { type TextCompletionParams, textCompletion } from '../../sdk/text-completion.js';
import type { Usage } from '../../spec/openai-chat.js';
import type { TextCompletion } from '../../spec/openai-completions.js';
import { buildCallParams, chooseDeployment } from '../call-params.js';
import { jsonResponse, type RouteContext } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { DeploymentChoice } from '../model-groups.js';
import { readJsonBody } from '../read-json-body.js';
import { litellmHeaders } from '../response-headers.js';
import { openaiSse } from './openai-sse.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };

/** Reads the body, picks the deployment and builds the SDK call for an OpenAI-format endpoint. */
async function prepare(route: RouteContext, endpoint: string) {
  const body = readJsonBody(route.request);
  const requested = route.params.model ?? body.model;
  const choice = chooseDeployment(route.state.groups, requested, endpoint);
  Object.assign(route.logEntry, {
    model: requested,
    model_group: choice.modelGroup,
    deployment_id: choice.deployment.id,
    stream: body.stream === true,
  });
  const params = await buildCallParams({ body, choice, defaults: route.state.defaults, policy: route.state.policy });
  const options = { signal: route.request.signal, transport: route.state.transport };
  return { body, choice, params, options };
}

function finished(
  route: RouteContext,
  choice: DeploymentChoice,
  response: { usage?: Partial<Usage> | null; _hidden_params: HiddenParams },
): GatewayResponse {
  const hidden = response._hidden_params;
  Object.assign(route.logEntry, {
    provider: hidden.custom_llm_provider,
    prompt_tokens: response.usage?.prompt_tokens,
    completion_tokens: response.usage?.completion_tokens,
    total_tokens: response.usage?.total_tokens,
    response_cost: hidden.response_cost,
  });
  const headers = litellmHeaders({ requestId: route.request.requestId, version: route.state.version, choice, hidden });
  return jsonResponse(200, response, headers);
}

/** `POST /v1/chat/completions` (and the Azure-style deployment path). */
export async function chatCompletionsHandler(route: RouteContext): Promise<GatewayResponse> {
  const { choice, params, options } = await prepare(route, '/chat/completions');
  const callParams = params as unknown as CompletionParams;
  if (!Array.isArray(callParams.messages)) {
    throw new BadRequestError({ message: "'messages' is required and must be an array", param: 'messages' });
  }
  if (callParams.stream !== true)
    return finished(route, choice, await completion({ ...callParams, stream: false }, options));
  const stream = await completion({ ...callParams, stream: true }, options);
  route.logEntry.provider = stream._hidden_params.custom_llm_provider;
  route.deferLog = true;
  return {
    status: 200,
    headers: {
      ...SSE_HEADERS,
      ...litellmHeaders({
        requestId: route.request.requestId,
        version: route.state.version,
        choice,
        hidden: stream._hidden_params,
      }),
    },
    stream: openaiSse(stream, route, () => ({ usage: stream.usage, cost: stream._hidden_params.response_cost })),
  };
}

/** `POST /v1/embeddings` */
export async function embeddingsHandler(route: RouteContext): Promise<GatewayResponse> {
  const { choice, params, options } = await prepare(route, '/embeddings');
  return finished(route, choice, await embedding(params as unknown as EmbeddingParams, options));
}

/** `POST /v1/completions` (legacy text completions) */
export async function completionsHandler(route: RouteContext): Promise<GatewayResponse> {
  const { choice, params, options } = await prepare(route, '/completions');
  const callParams = params as unknown as TextCompletionParams;
  if (callParams.stream !== true)
    return finished(route, choice, await textCompletion({ ...callParams, stream: false }, options));
  const stream = await textCompletion({ ...callParams, stream: true }, options);
  route.deferLog = true;
  let usage: Usage | undefined;
  async function* watchUsage(): AsyncGenerator<TextCompletion> {
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      yield chunk;
    }
  }
  return {
    status: 200,
    headers: {
      ...SSE_HEADERS,
      ...litellmHeaders({ requestId: route.request.requestId, version: route.state.version, choice }),
    },
    stream: openaiSse(watchUsage(), route, () => ({ usage, cost: undefined })),
  };
}
