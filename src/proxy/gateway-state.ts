import type { Router } from '../router/index.js';
import type { Transport } from '../spec/transport.js';
import type { CallDefaults } from './call-params.js';
import type { ClientCredentialPolicy } from './client-credentials.js';
import type { GatewayRequest, GatewayResponse } from './gateway-types.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';

/** What every handler shares: built once at start-up from the config. */
export interface GatewayState {
  router: Router;
  defaults: CallDefaults;
  policy: ClientCredentialPolicy;
  transport: Transport;
  version: string;
  log: RequestLog;
}

/** One request on its way through a handler. */
export interface RouteContext {
  state: GatewayState;
  request: GatewayRequest;
  /** Path parameters, e.g. the Azure-style `{model}`. */
  params: Record<string, string>;
  /** Filled by the handler; written when the response (or stream) ends. */
  logEntry: Partial<RequestLogEntry>;
  /** Set by streaming handlers: the log line is written when the stream ends instead. */
  deferLog?: boolean;
  /** Writes the log line (streams call it when they end). */
  finishLog(status: number, error?: unknown): void;
}

export type RouteHandler = (context: RouteContext) => Promise<GatewayResponse> | GatewayResponse;

/** A JSON response with the given status. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): GatewayResponse {
  // Callers pass a headers object of their own: completed in place rather than copied.
  headers['content-type'] ??= 'application/json';
  return { status, headers, body: JSON.stringify(body) };
}
