import { toAnthropicErrorBody } from '../adapters/anthropic-messages/index.js';
import { BadRequestError, LLMuxError, MethodNotAllowedError, NotFoundError, toOpenAIError } from '../errors/index.js';
import { routeInfoOf, routerHeaders } from '../router/index.js';
import type { Transport } from '../spec/transport.js';
import { MasterKeyAuth } from './auth.js';
import { buildRouter } from './build-router.js';
import type { CallDefaults } from './call-params.js';
import type { ProxyConfig } from './config/index.js';
import { exceedsJsonDepth } from './exceeds-json-depth.js';
import { type GatewayState, jsonResponse, type RouteContext } from './gateway-state.js';
import type { GatewayRequest, GatewayResponse } from './gateway-types.js';
import { redactSecrets } from './redact.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import { type MatchedRoute, matchRoute } from './routes.js';

/** What `admit` decided from the method, path and headers: the route to serve, or the refusal to send. */
export type Admission = { route: MatchedRoute; refusal?: undefined } | { refusal: GatewayResponse };

export interface Gateway {
  /**
   * Routing and auth from the method, path and headers alone, so an adapter can refuse (404, 405,
   * 401) before it reads a byte of the body. Refusals are logged here.
   */
  admit(request: GatewayRequest): Admission;
  /** Answers one request; never throws. With the route `admit` returned, routing and auth are not redone. */
  handle(request: GatewayRequest, admitted?: MatchedRoute): Promise<GatewayResponse>;
  readonly state: GatewayState;
}

/** Deep enough for any real JSON schema in `tools` or `response_format`, far below what overflows a stack. */
export const DEFAULT_MAX_JSON_DEPTH = 100;

/** The gateway's request pipeline: request id → route → auth → handler → error mapping → log. */
export async function createGateway(options: {
  config: ProxyConfig;
  transport: Transport;
  log: RequestLog;
  version: string;
}): Promise<Gateway> {
  const { config } = options;
  const masterKey =
    config.general_settings.master_key ?? process.env.LLMUX_MASTER_KEY ?? process.env.LITELLM_MASTER_KEY;
  const auth = new MasterKeyAuth(masterKey);
  const maxJsonDepth = Math.floor(config.general_settings.max_request_json_depth ?? DEFAULT_MAX_JSON_DEPTH);
  const { router } = await buildRouter(config, options.transport);
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
  };

  function newRouteContext(request: GatewayRequest): RouteContext {
    const route: RouteContext = {
      state,
      request,
      params: {},
      logEntry: newLogEntry(request),
      finishLog: (status, error) => writeLog(route, status, error),
    };
    return route;
  }

  function fail(route: RouteContext, error: unknown, format: ErrorFormat): GatewayResponse {
    const response = errorResponse(error, route.request.requestId, state.version, format);
    route.deferLog = false;
    writeLog(route, response.status, error);
    return response;
  }

  /** The route for the request, or a 404/405/401 thrown; `onMatch` learns the error format before auth runs. */
  function admitOrThrow(request: GatewayRequest, onMatch: (format: ErrorFormat) => void): MatchedRoute {
    const matched = matchRoute(request.method, request.path);
    if (matched === null)
      throw new MethodNotAllowedError({ message: `${request.method} is not allowed on ${request.path}` });
    if (!matched)
      throw new NotFoundError({ message: `Route not found: ${request.method} ${request.path}`, code: 'not_found' });
    onMatch(matched.route.errorFormat ?? 'openai');
    if (!matched.route.public) auth.check(request);
    return matched;
  }

  function admit(request: GatewayRequest): Admission {
    let format: ErrorFormat = 'openai';
    try {
      return {
        route: admitOrThrow(request, (matched) => {
          format = matched;
        }),
      };
    } catch (error) {
      return { refusal: fail(newRouteContext(request), error, format) };
    }
  }

  async function handle(request: GatewayRequest, admitted?: MatchedRoute): Promise<GatewayResponse> {
    const route = newRouteContext(request);
    let response: GatewayResponse;
    let errorFormat: ErrorFormat = admitted?.route.errorFormat ?? 'openai';
    try {
      const matched =
        admitted ??
        admitOrThrow(request, (format) => {
          errorFormat = format;
        });
      route.params = matched.params;
      if (request.body !== undefined && exceedsJsonDepth(request.body, maxJsonDepth)) throw tooDeep(maxJsonDepth);
      response = await matched.route.handler(route);
    } catch (error) {
      return fail(route, error, errorFormat);
    }
    response.headers['x-litellm-call-id'] ??= request.requestId;
    if (!route.deferLog) writeLog(route, response.status);
    return response;
  }

  function writeLog(route: RouteContext, status: number, error?: unknown): void {
    const { request, logEntry } = route;
    const typed = error instanceof LLMuxError ? error : undefined;
    // The handler's fields are already on `logEntry`: completed in place rather than copied.
    const entry = logEntry as RequestLogEntry;
    entry.status = status;
    entry.latency_ms = Math.round((performance.now() - request.startedAt) * 100) / 100;
    if (error !== undefined) {
      entry.error_type = typed?.type ?? 'internal_error';
      entry.error = redactSecrets(typed?.message ?? String(error)).slice(0, 500);
    }
    state.log.request(entry);
    if (error !== undefined && !typed)
      state.log.log('error', 'unexpected error', { request_id: request.requestId, error: String(error) });
  }

  return { admit, handle, state };
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

function errorResponse(error: unknown, requestId: string, version: string, format: ErrorFormat): GatewayResponse {
  const { status, body } = toOpenAIError(error);
  body.error.message = redactSecrets(body.error.message);
  const headers = {
    ...routerHeaders(routeInfoOf(error)),
    'x-litellm-call-id': requestId,
    'x-litellm-version': version,
  };
  if (format === 'anthropic') return jsonResponse(status, toAnthropicErrorBody(status, body.error.message), headers);
  return jsonResponse(status, body, headers);
}

/**
 * A log entry with every field in place from the start: one object of one shape, filled in as the
 * request goes (fields left undefined do not appear in the JSON line). The type makes a field added
 * to `RequestLogEntry` and forgotten here a compile error.
 */
function newLogEntry(request: GatewayRequest): Partial<RequestLogEntry> {
  const entry: Record<keyof RequestLogEntry, string | number | boolean | undefined> = {
    request_id: request.requestId,
    method: request.method,
    path: request.path,
    model: undefined,
    model_group: undefined,
    stream: undefined,
    provider: undefined,
    deployment_id: undefined,
    prompt_tokens: undefined,
    completion_tokens: undefined,
    total_tokens: undefined,
    response_cost: undefined,
    status: undefined,
    latency_ms: undefined,
    error_type: undefined,
    error: undefined,
  };
  return entry as Partial<RequestLogEntry>;
}
