import { emptyRouteInfo, type RouterCallOptions } from '../../router/index.js';
import type { HiddenParams } from '../../sdk/hidden-params.js';
import type { Usage } from '../../spec/openai-chat.js';
import { buildCallParams, requireModelGroup } from '../call-params.js';
import { callerIsLimited, callerMayUse } from '../keys/model-access.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { litellmHeaders } from '../response-headers.js';
import { validateOpenAIBody } from '../validation/validate-request.js';
import { timeoutHeader } from './timeout-header.js';

/** A built router call: the params (the request's own copy) and the call options. */
export interface RouterCall {
  params: Record<string, unknown> & { model: string };
  options: RouterCallOptions;
}

/** Reads the body of an OpenAI-format endpoint, finds its model group and builds the router call. */
export async function readRouterCall(
  context: RequestContext,
  endpoint: string,
  body = readJsonBody(context.request),
): Promise<RouterCall> {
  validateOpenAIBody(endpoint, body);
  const requested = context.params.model ?? body.model;
  const match = requireModelGroup(context.state.router, requested, endpoint);
  context.model = requested as string;
  context.stream = body.stream === true;
  context.route = emptyRouteInfo();
  context.route.model_group = match.modelGroup;
  const params = await buildCallParams({
    body,
    model: requested as string,
    match,
    defaults: context.state.defaults,
    policy: context.state.policy,
    headers: context.request.headers,
    maxRetries: context.state.router.settings.numRetries,
  });
  context.callParams = params;
  return { params, options: routerCallOptions(context) };
}

/** The router call's options: the client's signal, the transport, and the key's model allowlist for fallbacks. */
export function routerCallOptions(context: RequestContext): RouterCallOptions {
  const options: RouterCallOptions = { signal: context.request.signal, transport: context.state.transport };
  // A key limited to some models never reaches another through a fallback.
  const { caller } = context;
  if (callerIsLimited(caller)) options.allowGroup = (group) => callerMayUse(caller, group);
  return options;
}

/** Records a finished call's provider, usage and cost on the context. */
export function recordCall(context: RequestContext, facts: HiddenParams, usage: Partial<Usage> | undefined): void {
  context.provider = facts.custom_llm_provider;
  context.usage = usage ? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, ...usage } : undefined;
  context.cost = facts.response_cost;
}

/** LiteLLM's headers for an answer, with `x-litellm-timeout` when the deployment is known. */
export function answerHeaders(context: RequestContext, facts: HiddenParams, params?: Record<string, unknown>) {
  const headers = litellmHeaders({
    requestId: context.request.requestId,
    version: context.state.version,
    hidden: facts,
    route: context.route,
  });
  const spend = context.caller.keySpend;
  if (spend !== undefined) headers['x-litellm-key-spend'] = String(spend);
  if (params) {
    const timeout = timeoutHeader({
      router: context.state.router,
      params,
      modelId: context.route?.model_id,
      stream: params.stream === true,
    });
    if (timeout !== undefined) headers['x-litellm-timeout'] = timeout;
  }
  return headers;
}
