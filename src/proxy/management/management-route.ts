import type { RouteHandler } from '../gateway-state.js';

/** One route of LiteLLM's management API (served at its path only, no `/v1` twin). */
export interface ManagementRoute {
  /** LiteLLM uses PATCH and DELETE for a few routes (`/organization/update`, `/organization/delete`). */
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  handler: RouteHandler;
}
