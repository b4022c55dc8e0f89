import {
  chunkToAnthropicEvents,
  createAnthropicStreamState,
  finishAnthropicStream,
  formatAnthropicEvent,
  fromAnthropicRequest,
  toAnthropicErrorBody,
  toAnthropicMessage,
} from '../../adapters/anthropic-messages/index.js';
import { toOpenAIError } from '../../errors/index.js';
import { readSuccessText, sendRequest } from '../../http/send-request.js';
import { countTokens } from '../../models/index.js';
import {
  ANTHROPIC_VERSION,
  type AnthropicMessagesRequest,
  type AnthropicUsage,
  anthropicMessagesUrl,
  mapAnthropicUsage,
  parseAnthropicErrorBody,
} from '../../providers/anthropic/index.js';
import { resolveModel } from '../../providers/registry.js';
import type { RouterCompletionParams } from '../../router/index.js';
import { resolveCall } from '../../sdk/resolve-call.js';
import { responseCost } from '../../sdk/response-accounting.js';
import { splitParams } from '../../sdk/split-params.js';
import type { LiteLLMParams } from '../../spec/litellm-params.js';
import type { ChatCompletionChunk } from '../../spec/openai-chat.js';
import { buildCallParams, requireModelGroup, routingFields } from '../call-params.js';
import { clientCredentialFields } from '../client-credentials.js';
import { jsonResponse, type RouteContext } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import { maskApiBase } from '../mask-secrets.js';
import { readJsonBody } from '../read-json-body.js';
import { redactSecrets } from '../redact.js';
import { litellmHeaders } from '../response-headers.js';
import { validateAnthropicCountTokensBody, validateAnthropicMessagesBody } from '../validation/validate-request.js';
import { passThroughEvents, safeJson } from './anthropic-pass-through.js';
import { streamResponse } from './stream-response.js';

interface MessagesCall {
  body: AnthropicMessagesRequest;
  /** The client's params for the router: defaults, overlay of allowed credentials. */
  routed: Record<string, unknown> & { model: string };
  /** Whether every deployment of the group is a real Anthropic one (then the body passes through natively). */
  native: boolean;
}

async function prepare(route: RouteContext, endpoint: string): Promise<MessagesCall> {
  const raw = readJsonBody(route.request);
  if (endpoint === '/v1/messages') validateAnthropicMessagesBody(raw);
  else validateAnthropicCountTokensBody(raw);
  const body = raw as unknown as AnthropicMessagesRequest;
  const match = requireModelGroup(route.state.router, body.model, endpoint);
  Object.assign(route.logEntry, { model: body.model, model_group: match.modelGroup, stream: body.stream === true });
  const routed = await buildCallParams({
    body: { ...body },
    model: body.model,
    match,
    defaults: route.state.defaults,
    policy: route.state.policy,
    headers: route.request.headers,
    maxRetries: route.state.router.settings.numRetries,
  });
  const native = match.deployments.every((deployment) =>
    isNativeAnthropic({ ...deployment.params, model: match.modelFor(deployment) }),
  );
  return { body, routed, native };
}

/** Anthropic deployments without a mock are proxied natively: the client's body and events pass through untouched. */
function isNativeAnthropic(litellm: LiteLLMParams & { model: string }): boolean {
  if (litellm.mock_response !== undefined) return false;
  try {
    return resolveModel(litellm.model, litellm.custom_llm_provider).provider.id === 'anthropic';
  } catch {
    return false;
  }
}

/** `POST /v1/messages`: the Anthropic Messages API for every configured model. */
export async function messagesHandler(route: RouteContext): Promise<GatewayResponse> {
  const call = await prepare(route, '/v1/messages');
  return call.native ? routeToAnthropic(route, call, 'messages') : translateMessages(route, call);
}

/** `POST /v1/messages/count_tokens` */
export async function countTokensHandler(route: RouteContext): Promise<GatewayResponse> {
  const call = await prepare(route, '/v1/messages/count_tokens');
  if (call.native) return routeToAnthropic(route, call, 'count_tokens');
  const chat = fromAnthropicRequest({ ...call.body, max_tokens: call.body.max_tokens ?? 1 });
  const inputTokens = await countTokens({
    model: call.body.model,
    messages: chat.messages,
    ...(chat.tools ? { tools: chat.tools } : {}),
  });
  return jsonResponse(200, { input_tokens: inputTokens });
}

/** Native calls go through the router too: the same deployment choice, retries, fallbacks and cooldowns. */
async function routeToAnthropic(
  route: RouteContext,
  call: MessagesCall,
  endpoint: 'messages' | 'count_tokens',
): Promise<GatewayResponse> {
  const { result } = await route.state.router.dispatch(
    { model: call.body.model, stream: call.body.stream === true, ...routingFields(call.routed) },
    { signal: route.request.signal, transport: route.state.transport },
    async (target, hooks, deploymentCall) => {
      route.logEntry.deployment_id = target.deployment.id;
      const response = await forwardToAnthropic(
        route,
        { ...call, routed: { ...deploymentCall, ...clientCredentialFields(call.routed) } },
        endpoint,
      );
      hooks.firstChunk();
      hooks.finish(route.logEntry.total_tokens);
      response.headers['x-litellm-model-id'] = target.deployment.id;
      response.headers['x-litellm-model-group'] = target.modelGroup;
      return response;
    },
  );
  return result;
}

async function translateMessages(route: RouteContext, call: MessagesCall): Promise<GatewayResponse> {
  const chat = fromAnthropicRequest(call.body);
  const options = { signal: route.request.signal, transport: route.state.transport };
  const params = {
    ...clientCredentialFields(call.routed),
    ...routingFields(call.routed),
    drop_params: call.routed.drop_params,
    ...chat,
    model: call.body.model,
  } as RouterCompletionParams;
  const { router } = route.state;
  if (!chat.stream) {
    const response = await router.completion({ ...params, stream: false }, options);
    const hidden = response._hidden_params;
    Object.assign(route.logEntry, {
      provider: hidden.custom_llm_provider,
      prompt_tokens: response.usage.prompt_tokens,
      completion_tokens: response.usage.completion_tokens,
      total_tokens: response.usage.total_tokens,
      response_cost: hidden.response_cost,
    });
    return jsonResponse(
      200,
      toAnthropicMessage(response, call.body.model),
      litellmHeaders({ requestId: route.request.requestId, version: route.state.version, hidden }),
    );
  }
  const stream = await router.completion({ ...params, stream: true, stream_options: { include_usage: true } }, options);
  const usage = () => ({ usage: stream.usage, cost: stream._hidden_params.response_cost });
  return streamResponse(route, stream, anthropicSse(stream, route, call.body.model, usage));
}

async function* anthropicSse(
  chunks: AsyncIterable<ChatCompletionChunk>,
  route: RouteContext,
  model: string,
  final: () => {
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
    cost: number | undefined;
  },
): AsyncGenerator<string> {
  const state = createAnthropicStreamState();
  let status = 200;
  let failure: unknown;
  try {
    for await (const chunk of chunks) {
      const events = chunkToAnthropicEvents(chunk, state, model);
      if (events.length > 0) yield events.map(formatAnthropicEvent).join('');
    }
    yield finishAnthropicStream(state).map(formatAnthropicEvent).join('');
  } catch (error) {
    failure = error;
    if (route.request.signal.aborted) return;
    const { status: errorStatus, body } = toOpenAIError(error);
    status = errorStatus;
    yield `event: error\ndata: ${JSON.stringify(toAnthropicErrorBody(errorStatus, redactSecrets(body.error.message)))}\n\n`;
  } finally {
    const { usage, cost } = final();
    Object.assign(route.logEntry, {
      prompt_tokens: usage?.prompt_tokens,
      completion_tokens: usage?.completion_tokens,
      total_tokens: usage?.total_tokens,
      response_cost: cost,
    });
    route.finishLog(route.request.signal.aborted && failure === undefined ? 499 : status, failure);
  }
}

async function forwardToAnthropic(
  route: RouteContext,
  call: MessagesCall,
  endpoint: 'messages' | 'count_tokens',
): Promise<GatewayResponse> {
  const { litellm } = splitParams(call.routed);
  const resolved = resolveCall(call.routed.model, litellm, {
    signal: route.request.signal,
    transport: route.state.transport,
  });
  const { context } = resolved;
  route.logEntry.provider = 'anthropic';
  const headers: Record<string, string> = {
    'x-api-key': context.apiKey ?? '',
    'anthropic-version': headerText(route, 'anthropic-version') ?? ANTHROPIC_VERSION,
  };
  const beta = headerText(route, 'anthropic-beta');
  if (beta) headers['anthropic-beta'] = beta;
  const url = anthropicMessagesUrl(context.apiBase) + (endpoint === 'count_tokens' ? '/count_tokens' : '');
  const { model: _model, ...rest } = call.body;
  let upstream: Awaited<ReturnType<typeof sendRequest>>;
  try {
    upstream = await sendRequest({
      context,
      provider: 'anthropic',
      url,
      headers,
      body: { model: context.modelId, ...rest },
      parseError: parseAnthropicErrorBody,
    });
  } catch (error) {
    resolved.dispose();
    throw error;
  }
  const responseHeaders: Record<string, string> = {
    'content-type': upstream.headers['content-type'] ?? 'application/json',
    ...litellmHeaders({ requestId: route.request.requestId, version: route.state.version }),
  };
  responseHeaders['x-litellm-model-api-base'] = maskApiBase(context.apiBase);
  for (const [name, value] of Object.entries(upstream.headers))
    if (name.startsWith('anthropic-ratelimit-') || name === 'request-id') responseHeaders[name] = value;
  const account = (usage: AnthropicUsage | undefined) => {
    const mapped = mapAnthropicUsage(usage);
    const cost =
      endpoint === 'messages'
        ? responseCost({ provider: 'anthropic', modelId: context.modelId, usage: mapped, litellm })
        : undefined;
    Object.assign(route.logEntry, {
      prompt_tokens: mapped.prompt_tokens,
      completion_tokens: mapped.completion_tokens,
      total_tokens: mapped.total_tokens,
      response_cost: cost,
    });
    return cost;
  };
  if (call.body.stream !== true || endpoint === 'count_tokens') {
    const text = await readSuccessText(upstream, { provider: 'anthropic', context }).finally(() => resolved.dispose());
    const cost = endpoint === 'messages' ? account(safeJson(text)?.usage) : undefined;
    if (cost !== undefined) responseHeaders['x-litellm-response-cost'] = String(cost);
    return { status: 200, headers: responseHeaders, body: text };
  }
  route.deferLog = true;
  return {
    status: 200,
    headers: responseHeaders,
    stream: passThroughEvents({ body: upstream.body, route, context, account, dispose: resolved.dispose }),
  };
}

function headerText(route: RouteContext, name: string): string | undefined {
  const value = route.request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
