import { toAnthropicErrorBody } from '../adapters/anthropic-messages/index.js';
import { BadRequestError, MethodNotAllowedError, NotFoundError, toOpenAIError } from '../errors/index.js';
import { routeInfoOf, routerHeaders } from '../router/index.js';
import type { Transport } from '../spec/transport.js';
import { buildRouter } from './build-router.js';
import type { CallDefaults } from './call-params.js';
import type { ProxyConfig } from './config/index.js';
import { exceedsJsonDepth } from './exceeds-json-depth.js';
import { type GatewayState, jsonResponse, type RouteHandler } from './gateway-state.js';
import type { GatewayRequest, GatewayResponse } from './gateway-types.js';
import type { KeyAccess } from './keys/key-access.js';
import { runEndpoint } from './pipeline/endpoint.js';
import { masterKeyStage } from './pipeline/master-key-stage.js';
import { newRequestContext, type RequestContext } from './pipeline/request-context.js';
import { requestLogStage } from './pipeline/request-log-stage.js';
import { spendLogStage } from './pipeline/spend-log-stage.js';
import { Pipeline, type Stage } from './pipeline/stage.js';
import { virtualKeyStage } from './pipeline/virtual-key-stage.js';
import { redactSecrets } from './redact.js';
import type { RequestLog } from './request-log.js';
import { type MatchedRoute, matchRoute } from './routes.js';

/** What `admit` decided from the method, path and headers: the request to serve, or the refusal to send. */
export type Admission =
  | { context: RequestContext; route: MatchedRoute; refusal?: undefined }
  | { refusal: GatewayResponse };

export interface Gateway {
  /**
   * Routing and the authenticate stages from the method, path and headers alone, so an adapter can
   * refuse (404, 405, 401) before it reads a byte of the body. Refusals are accounted here.
   */
  admit(request: GatewayRequest): Promise<Admission>;
  /** Answers an admitted request (its body read by now); never throws. */
  handle(admission: Admission & { refusal?: undefined }): Promise<GatewayResponse>;
  /** The answer to an admitted request the adapter could not read (body too large, malformed), accounted. */
  refuse(admission: Admission & { refusal?: undefined }, error: unknown): GatewayResponse;
  readonly state: GatewayState;
}

/** Deep enough for any real JSON schema in `tools` or `response_format`, far below what overflows a stack. */
export const DEFAULT_MAX_JSON_DEPTH = 100;

/**
 * The gateway's request pipeline: request id → route → authenticate stages → read and validate →
 * beforeCall stages → router call → afterCall stages → respond → account stages (exactly once, on
 * every exit). The stages are listed once, here.
 */
export async function createGateway(options: {
  config: ProxyConfig;
  transport: Transport;
  log: RequestLog;
  version: string;
  /** Stages run after authentication and before the request log (an embedder's own policy or accounting). */
  stages?: readonly Stage[];
  /** Virtual keys (with a master key): the database behind them, opened when first needed. */
  keys?: KeyAccess | undefined;
}): Promise<Gateway> {
  const { config } = options;
  const masterKey =
    config.general_settings.master_key ?? process.env.LLMUX_MASTER_KEY ?? process.env.LITELLM_MASTER_KEY;
  const maxJsonDepth = Math.floor(config.general_settings.max_request_json_depth ?? DEFAULT_MAX_JSON_DEPTH);
  const { router } = await buildRouter(config, options.transport);
  const keys = masterKey ? options.keys : undefined;
  // Later issues add their stages here, in order: limits and budgets, guardrails, cache, spend.
  const authenticate = keys && masterKey ? virtualKeyStage({ masterKey, keys }) : masterKeyStage(masterKey);
  const spend = keys ? [spendLogStage(keys)] : [];
  const pipeline = new Pipeline([authenticate, ...(options.stages ?? []), ...spend, requestLogStage(options.log)]);
  const state: GatewayState = {
    router,
    defaults: callDefaults(config),
    policy: {
      allowAll: config.general_settings.allow_client_side_credentials === true,
      apiBaseAllowlist: config.general_settings.client_api_base_allowlist ?? [],
    },
    transport: options.transport,
    version: options.version,
    log: options.log,
    pipeline,
    keys,
  };
  const account = (context: RequestContext) => pipeline.account(context);

  function fail(context: RequestContext, error: unknown, format: ErrorFormat): GatewayResponse {
    const response = errorResponse(error, context, format);
    context.finish(response.status, error);
    return response;
  }

  async function admit(request: GatewayRequest): Promise<Admission> {
    const context = newRequestContext(state, request, account);
    let format: ErrorFormat = 'openai';
    try {
      const matched = matchRoute(request.method, request.path);
      if (matched === null)
        throw new MethodNotAllowedError({ message: `${request.method} is not allowed on ${request.path}` });
      if (!matched)
        throw new NotFoundError({ message: `Route not found: ${request.method} ${request.path}`, code: 'not_found' });
      format = matched.route.errorFormat ?? 'openai';
      context.params = matched.params;
      if (!matched.route.public) {
        const authenticated = pipeline.authenticate(context);
        if (authenticated) await authenticated;
      }
      return { context, route: matched };
    } catch (error) {
      return { refusal: fail(context, error, format) };
    }
  }

  async function handle({ context, route }: Admission & { refusal?: undefined }): Promise<GatewayResponse> {
    let response: GatewayResponse;
    try {
      const { request } = context;
      if (request.body !== undefined && exceedsJsonDepth(request.body, maxJsonDepth)) throw tooDeep(maxJsonDepth);
      const { endpoint, handler } = route.route;
      response = endpoint ? await runEndpoint(endpoint, context) : await (handler as RouteHandler)(context);
    } catch (error) {
      return fail(context, error, route.route.errorFormat ?? 'openai');
    }
    response.headers['x-litellm-call-id'] ??= context.request.requestId;
    // A stream finishes its context when it ends (or is abandoned); every other answer now.
    if (!('stream' in response)) context.finish(response.status);
    return response;
  }

  function refuse({ context, route }: Admission & { refusal?: undefined }, error: unknown): GatewayResponse {
    return fail(context, error, route.route.errorFormat ?? 'openai');
  }

  return { admit, handle, refuse, state };
}

type ErrorFormat = 'openai' | 'anthropic';

function tooDeep(limit: number): BadRequestError {
  return new BadRequestError({
    message: `Request body is nested deeper than ${limit} levels (general_settings.max_request_json_depth)`,
    code: 'json_too_deep',
  });
}

function callDefaults(config: ProxyConfig): CallDefaults {
  const defaults: CallDefaults = {};
  if (typeof config.litellm_settings.drop_params === 'boolean')
    defaults.drop_params = config.litellm_settings.drop_params;
  return defaults;
}

function errorResponse(error: unknown, context: RequestContext, format: ErrorFormat): GatewayResponse {
  const { status, body } = toOpenAIError(error);
  body.error.message = redactSecrets(body.error.message);
  const headers = {
    ...routerHeaders(context.route?.model_group ? context.route : routeInfoOf(error)),
    'x-litellm-call-id': context.request.requestId,
    'x-litellm-version': context.state.version,
  };
  if (format === 'anthropic') return jsonResponse(status, toAnthropicErrorBody(status, body.error.message), headers);
  return jsonResponse(status, body, headers);
}
