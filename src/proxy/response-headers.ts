import type { RouteInfo, RouterHiddenParams } from '../router/index.js';
import { routerHeaders } from '../router/index.js';
import type { HiddenParams } from '../sdk/hidden-params.js';
import { maskApiBase } from './mask-secrets.js';

/** LiteLLM's response headers: call id, version, the router's deployment/group/retries/fallbacks, api base, cost, and the upstream's rate-limit headers. */
export function litellmHeaders(options: {
  requestId: string;
  version: string;
  hidden?: (HiddenParams & Partial<RouterHiddenParams>) | undefined;
  /** What the router did, when it is not on `hidden` (the gateway's typed results). */
  route?: Partial<RouteInfo> | undefined;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'x-litellm-call-id': options.requestId,
    'x-litellm-version': options.version,
  };
  const hidden = options.hidden;
  if (options.route) routerHeaders(options.route, headers);
  if (!hidden) return headers;
  if (!options.route) routerHeaders(hidden, headers);
  // Masked: an api_base may carry a password or a signed query (`?sig=…`); the usual one is returned unparsed.
  if (hidden.api_base) headers['x-litellm-model-api-base'] = maskApiBase(hidden.api_base);
  if (hidden.response_cost !== undefined) headers['x-litellm-response-cost'] = String(hidden.response_cost);
  const upstream = hidden.additional_headers;
  for (const name in upstream) if (name.startsWith('x-ratelimit-')) headers[name] = upstream[name] as string;
  return headers;
}
