import type { HiddenParams } from '../sdk/hidden-params.js';
import type { RouteInfo } from './route-request.js';

/** `_hidden_params` of a routed call: the SDK's, plus what the router did (LiteLLM's names). */
export type RouterHiddenParams = HiddenParams & RouteInfo;

/** Adds the routing facts to a result's `_hidden_params` (kept non-enumerable by the SDK). */
export function addRouteInfo<T extends { _hidden_params: HiddenParams }>(
  result: T,
  info: RouteInfo,
): T & { _hidden_params: RouterHiddenParams } {
  Object.assign(result._hidden_params, { ...info });
  return result as T & { _hidden_params: RouterHiddenParams };
}

/**
 * LiteLLM's response headers for a routed call, for the proxy to send (added to `headers` when given).
 * @example for (const [name, value] of Object.entries(routerHeaders(response._hidden_params))) headers.set(name, value);
 */
export function routerHeaders(
  info: Partial<RouteInfo> | undefined,
  headers: Record<string, string> = {},
): Record<string, string> {
  if (!info) return headers;
  if (info.model_id !== undefined) headers['x-litellm-model-id'] = info.model_id;
  if (info.model_group !== undefined) headers['x-litellm-model-group'] = info.model_group;
  if (info.attempted_retries !== undefined) headers['x-litellm-attempted-retries'] = String(info.attempted_retries);
  if (info.attempted_fallbacks !== undefined)
    headers['x-litellm-attempted-fallbacks'] = String(info.attempted_fallbacks);
  if (info.max_retries !== undefined) headers['x-litellm-max-retries'] = String(info.max_retries);
  return headers;
}
