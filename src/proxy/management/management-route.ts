import type { RouteHandler } from '../gateway-state.js';

/** One route of LiteLLM's management API (served at its path only, no `/v1` twin). */
export interface ManagementRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}
