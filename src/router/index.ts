/**
 * LiteLLM's `Router` for llmux: deployments, routing strategies, retries, fallbacks and cooldowns,
 * with its state behind `RouterState` (in memory here; Redis in the store layer).
 */
export { compileTagRegex, type Deployment, hashDeployment, toDeployment } from './deployment.js';
export { type ErrorKind, errorKind } from './error-kind.js';
export { InMemoryRouterState } from './in-memory-router-state.js';
export { ModelGroupIndex, type ModelGroupMatch } from './model-group-index.js';
export { type AttemptHooks, type RouteInfo, routeInfoOf } from './route-request.js';
export { Router, type RouterCompletionParams, type RouterModelResponse } from './router.js';
export { prefetchFirst, RouterCompletionStream } from './router-completion-stream.js';
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
