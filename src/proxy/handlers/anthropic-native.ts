import { formatAnthropicEvent, toAnthropicErrorBody } from '../../adapters/anthropic-messages/index.js';
import { InternalServerError } from '../../errors/index.js';
import type { AnthropicMessagesRequest } from '../../providers/anthropic/index.js';
import { emptyRouteInfo } from '../../router/index.js';
import { openCall } from '../../sdk/resolve-call.js';
import { responseCost } from '../../sdk/response-accounting.js';
import type { LiteLLMParams } from '../../spec/litellm-params.js';
import type { Usage } from '../../spec/openai-chat.js';
import type { PassThroughResult } from '../../spec/provider.js';
import { routingFields } from '../call-params.js';
import { clientCredentialFields } from '../client-credentials.js';
import type { GatewayResponse } from '../gateway-types.js';
import { maskApiBase } from '../mask-secrets.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { litellmHeaders } from '../response-headers.js';
import { routerCallOptions } from './router-call.js';
import { streamResponse } from './stream-response.js';
import { estimateStreamedOutput } from './streamed-output-estimate.js';

/** A `/v1/messages` (or count_tokens) request, read. */
export interface MessagesCall {
  body: AnthropicMessagesRequest;
  /** The client's params for the router: defaults, overlay of allowed credentials, routing fields. */
  routed: Record<string, unknown> & { model: string };
  /** Whether every deployment of the group is a real Anthropic one (then the body passes through natively). */
  native: boolean;
}

/** A native Anthropic answer: the provider's pass-through result and what its accounting needs. */
export interface NativeAnswer {
  result: PassThroughResult;
  endpoint: 'messages' | 'count_tokens';
  modelId: string;
  apiBase: string;
  litellm: LiteLLMParams;
  /** A stream's events as passed on, kept for the token estimate of a stream that ends early. */
  relayed: string[];
  /** Whether the stream was read to its end. */
  completed: boolean;
  /** Cancels the upstream of a stream that will not be read. */
  abort(): Promise<void>;
}

/**
 * `/v1/messages` to a group of Anthropic deployments: the client's body goes to the Anthropic
 * provider's pass-through as it is (only `model` becomes the deployment's), through the router for
 * the same deployment choice, retries, fallbacks and cooldowns as every other call.
 */
export async function callNativeAnthropic(
  context: RequestContext,
  call: MessagesCall,
  endpoint: 'messages' | 'count_tokens',
): Promise<NativeAnswer> {
  const stream = endpoint === 'messages' && call.body.stream === true;
  context.route = emptyRouteInfo();
  const params = {
    model: call.body.model,
    stream,
    ...routingFields(call.routed),
    ...clientCredentialFields(call.routed),
  };
  const options = routerCallOptions(context);
  const { result } = await context.state.router.dispatch(
    params,
    options,
    async (_target, hooks, deploymentCall) => {
      const opened = openCall(deploymentCall.target(), deploymentCall.litellm, deploymentCall.options);
      const { provider, context: callContext } = opened;
      try {
        if (!provider.passThrough) {
          throw new InternalServerError({
            message: `${provider.id} has no native pass-through`,
            provider: provider.id,
          });
        }
        const { model: _model, ...body } = call.body;
        const answer = await provider.passThrough(
          { format: 'anthropic', endpoint, body, headers: anthropicHeaders(context), stream },
          callContext,
        );
        hooks.firstChunk();
        const native: NativeAnswer = {
          result: answer,
          endpoint,
          modelId: callContext.modelId,
          apiBase: callContext.apiBase,
          litellm: callContext.params,
          relayed: [],
          completed: false,
          abort: async () => {
            opened.cancellation.abort();
            if (typeof answer.body !== 'string') await answer.body[Symbol.asyncIterator]().return?.();
          },
        };
        if (typeof answer.body === 'string') {
          opened.dispose();
          hooks.finish(answer.usage()?.total_tokens);
          return native;
        }
        answer.body = released(answer.body, native, () => {
          opened.dispose();
          hooks.finish(answer.usage()?.total_tokens);
        });
        return native;
      } catch (error) {
        opened.dispose();
        throw error;
      }
    },
    context.route,
  );
  context.provider = 'anthropic';
  return result;
}

/** The client's own `anthropic-version` and `anthropic-beta`, passed on. */
function anthropicHeaders(context: RequestContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['anthropic-version', 'anthropic-beta']) {
    const value = context.request.headers[name];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) headers[name] = text;
  }
  return headers;
}

/** The body, kept as it passes (`relayed`, `completed`); `release` runs once it was read to its end, failed, or was left. */
async function* released(
  body: AsyncIterable<string>,
  native: NativeAnswer,
  release: () => void,
): AsyncGenerator<string> {
  try {
    for await (const events of body) {
      native.relayed.push(events);
      yield events;
    }
    native.completed = true;
  } finally {
    release();
  }
}

/** The native answer as sent: the upstream's body (or events) as they are, with LiteLLM's headers. */
export function respondNative(context: RequestContext, native: NativeAnswer): GatewayResponse {
  const { result } = native;
  const headers: Record<string, string> = {
    ...result.headers,
    ...litellmHeaders({ requestId: context.request.requestId, version: context.state.version }),
  };
  headers['content-type'] ??= 'application/json';
  headers['x-litellm-model-api-base'] = maskApiBase(native.apiBase);
  if (context.route?.model_id !== undefined) headers['x-litellm-model-id'] = context.route.model_id;
  if (context.route?.model_group) headers['x-litellm-model-group'] = context.route.model_group;
  const account = (usage: Usage | undefined) => {
    context.usage = usage;
    if (native.endpoint === 'messages' && usage) {
      context.cost = responseCost({ provider: 'anthropic', modelId: native.modelId, usage, litellm: native.litellm });
    }
  };
  if (typeof result.body === 'string') {
    account(result.usage());
    if (context.cost !== undefined) headers['x-litellm-response-cost'] = String(context.cost);
    return { status: 200, headers, body: result.body };
  }
  return streamResponse(context, headers, {
    events: result.body,
    errorEvent: (status, body) => {
      const message = `The anthropic stream was interrupted: ${body.error.message.slice(0, 200)}`;
      return formatAnthropicEvent(toAnthropicErrorBody(status, message));
    },
    settle: async () => account(await streamUsage(native)),
    abort: native.abort,
  });
}

/** A native stream's usage: Anthropic's, with the output estimated when the stream ended before reporting it. */
async function streamUsage(native: NativeAnswer): Promise<Usage | undefined> {
  const usage = native.result.usage();
  if (native.completed || native.endpoint !== 'messages') return usage;
  const estimate = await estimateStreamedOutput(native.relayed, native.modelId).catch(() => 0);
  if (!usage || estimate <= usage.completion_tokens) return usage;
  return { ...usage, completion_tokens: estimate, total_tokens: usage.prompt_tokens + estimate };
}
