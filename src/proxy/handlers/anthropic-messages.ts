import {
  chunkToAnthropicEvents,
  createAnthropicStreamState,
  finishAnthropicStream,
  formatAnthropicEvent,
  fromAnthropicRequest,
  toAnthropicErrorBody,
  toAnthropicMessage,
} from '../../adapters/anthropic-messages/index.js';
import { countTokens } from '../../models/index.js';
import type { AnthropicMessagesRequest } from '../../providers/anthropic/index.js';
import { resolveModel } from '../../providers/registry.js';
import { emptyRouteInfo, type RouterCompletionParams } from '../../router/index.js';
import type { ChatResult } from '../../sdk/call-chat.js';
import { CompletionStream } from '../../sdk/completion-stream.js';
import type { LiteLLMParams } from '../../spec/litellm-params.js';
import type { ChatCompletionChunk } from '../../spec/openai-chat.js';
import { buildCallParams, requireModelGroup, routingFields } from '../call-params.js';
import { clientCredentialFields } from '../client-credentials.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { Endpoint } from '../pipeline/endpoint.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { validateAnthropicCountTokensBody, validateAnthropicMessagesBody } from '../validation/validate-request.js';
import { callNativeAnthropic, type MessagesCall, type NativeAnswer, respondNative } from './anthropic-native.js';
import { answerHeaders, recordCall, routerCallOptions } from './router-call.js';
import { streamResponse } from './stream-response.js';

async function readMessages(context: RequestContext, endpoint: string): Promise<MessagesCall> {
  const raw = readJsonBody(context.request);
  if (endpoint === '/v1/messages') validateAnthropicMessagesBody(raw);
  else validateAnthropicCountTokensBody(raw);
  const body = raw as unknown as AnthropicMessagesRequest;
  const match = requireModelGroup(context.state.router, body.model, endpoint);
  context.model = body.model;
  context.stream = body.stream === true;
  const routed = await buildCallParams({
    body: { ...body },
    model: body.model,
    match,
    defaults: context.state.defaults,
    policy: context.state.policy,
    headers: context.request.headers,
    maxRetries: context.state.router.settings.numRetries,
  });
  context.callParams = routed;
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

type MessagesAnswer =
  | { native: NativeAnswer; translated?: undefined }
  | { translated: ChatResult | CompletionStream; native?: undefined };

/** `POST /v1/messages`: the Anthropic Messages API for every configured model. */
export const messagesEndpoint: Endpoint<MessagesCall, MessagesAnswer> = {
  read: (context) => readMessages(context, '/v1/messages'),
  async call(context, call) {
    if (call.native) return { native: await callNativeAnthropic(context, call, 'messages') };
    return { translated: await translateMessages(context, call) };
  },
  respond(context, answer) {
    if (answer.native) return respondNative(context, answer.native);
    const result = answer.translated;
    const model = context.model as string;
    if (!(result instanceof CompletionStream)) {
      return jsonResponse(200, toAnthropicMessage(result.response, model), answerHeaders(context, result.facts));
    }
    return streamResponse(context, answerHeaders(context, result._hidden_params), {
      events: anthropicEvents(result, model),
      errorEvent: (status, body) => formatAnthropicEvent(toAnthropicErrorBody(status, body.error.message)),
      settle: () => recordCall(context, result._hidden_params, result.usage),
      abort: () => result.abort(),
    });
  },
  discard(answer) {
    if (answer.translated instanceof CompletionStream) void answer.translated.abort();
    else if (answer.native) void answer.native.abort();
  },
};

type CountAnswer = { native: NativeAnswer; inputTokens?: undefined } | { inputTokens: number; native?: undefined };

/** `POST /v1/messages/count_tokens` */
export const countTokensEndpoint: Endpoint<MessagesCall, CountAnswer> = {
  read: (context) => readMessages(context, '/v1/messages/count_tokens'),
  async call(context, call) {
    if (call.native) return { native: await callNativeAnthropic(context, call, 'count_tokens') };
    const chat = fromAnthropicRequest({ ...call.body, max_tokens: call.body.max_tokens ?? 1 });
    const inputTokens = await countTokens({
      model: call.body.model,
      messages: chat.messages,
      ...(chat.tools ? { tools: chat.tools } : {}),
    });
    return { inputTokens };
  },
  respond(context, answer): GatewayResponse {
    if (answer.native) return respondNative(context, answer.native);
    return jsonResponse(200, { input_tokens: answer.inputTokens });
  },
};

/** A model group that is not all Anthropic: the request becomes an OpenAI chat call through the router. */
async function translateMessages(context: RequestContext, call: MessagesCall): Promise<ChatResult | CompletionStream> {
  const chat = fromAnthropicRequest(call.body);
  const options = routerCallOptions(context);
  const params = {
    ...clientCredentialFields(call.routed),
    ...routingFields(call.routed),
    drop_params: call.routed.drop_params,
    ...chat,
    model: call.body.model,
  } as RouterCompletionParams;
  if (chat.stream) Object.assign(params, { stream: true, stream_options: { include_usage: true } });
  else params.stream = false;
  context.route = emptyRouteInfo();
  const { result } = await context.state.router.chat(params, options, context.route);
  if (!(result instanceof CompletionStream)) recordCall(context, result.facts, result.response.usage);
  else context.provider = result._hidden_params.custom_llm_provider;
  return result;
}

/** A chat stream in Anthropic's event format. */
async function* anthropicEvents(chunks: AsyncIterable<ChatCompletionChunk>, model: string): AsyncGenerator<string> {
  const state = createAnthropicStreamState();
  for await (const chunk of chunks) {
    const events = chunkToAnthropicEvents(chunk, state, model);
    if (events.length > 0) yield events.map(formatAnthropicEvent).join('');
  }
  yield finishAnthropicStream(state).map(formatAnthropicEvent).join('');
}
