import type { GatewayResponse } from './gateway-types.js';
import type { RequestContext } from './pipeline/request-context.js';

export type { GatewayState } from './pipeline/request-context.js';

/** A route that calls no model (info and health endpoints). */
export type RouteHandler = (context: RequestContext) => Promise<GatewayResponse> | GatewayResponse;

/** A JSON response with the given status. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): GatewayResponse {
  // Callers pass a headers object of their own: completed in place rather than copied.
  headers['content-type'] ??= 'application/json';
  return { status, headers, body: JSON.stringify(body) };
}
