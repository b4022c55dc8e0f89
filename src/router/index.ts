/**
 * LiteLLM's `Router` for llmux: deployments, routing strategies, retries, fallbacks and cooldowns,
 * with its state behind `RouterState` (in memory here; Redis in the store layer).
 */
export { compileTagRegex, type Deployment, hashDeployment, toDeployment } from './deployment.js';
export type { DeploymentCall } from './deployment-calls.js';
export { type ErrorKind, errorKind } from './error-kind.js';
export { InMemoryRouterState } from './in-memory-router-state.js';
export { ModelGroupIndex, type ModelGroupMatch } from './model-group-index.js';
export { prefetchFirst } from './prefetch-first.js';
export { type AttemptHooks, emptyRouteInfo, type RouteInfo, routeInfoOf } from './route-request.js';
export {
  Router,
  type RouterCallOptions,
  type RouterCompletionParams,
  type RouterCompletionStream,
  type RouterModelResponse,
} from './router.js';
export { addRouteInfo, type RouterHiddenParams, routerHeaders } from './router-hidden-params.js';
export type {
  AllowedFailsPolicy,
  FallbackList,
  ModelGroupAliasTarget,
  ModelListEntry,
  RetryPolicy,
  RouterOptions,
  RouterRequestFields,
  RoutingStrategy,
} from './router-options.js';
export {
  ROUTER_SETTING_NAMES,
  ROUTING_STRATEGIES,
  type RouterSettings,
  resolveRouterSettings,
} from './router-settings.js';
export type { DeploymentUsage, LatencySample, RouterState } from './router-state.js';
