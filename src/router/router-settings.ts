import { InMemoryRouterState } from './in-memory-router-state.js';
import type {
  AllowedFailsPolicy,
  FallbackList,
  RetryPolicy,
  RouterOptions,
  RoutingStrategy,
} from './router-options.js';
import type { RouterState } from './router-state.js';

/** `RouterOptions` with LiteLLM's defaults filled in. */
export interface RouterSettings {
  strategy: RoutingStrategy;
  numRetries: number;
  retryAfterSeconds: number;
  retryPolicy: RetryPolicy | undefined;
  modelGroupRetryPolicy: Record<string, RetryPolicy>;
  allowedFails: number;
  allowedFailsPolicy: AllowedFailsPolicy | undefined;
  cooldownSeconds: number;
  disableCooldowns: boolean;
  fallbacks: FallbackList;
  defaultFallbacks: string[];
  contextWindowFallbacks: FallbackList;
  contentPolicyFallbacks: FallbackList;
  maxFallbacks: number;
  timeout: number | undefined;
  streamTimeout: number | undefined;
  preCallChecks: boolean;
  tagFiltering: boolean;
  latencyBuffer: number;
  latencyTtlMs: number;
  state: RouterState;
  random: () => number;
}

/** The routing strategies the router implements (LiteLLM's names). */
export const ROUTING_STRATEGIES: readonly RoutingStrategy[] = [
  'simple-shuffle',
  'least-busy',
  'usage-based-routing',
  'usage-based-routing-v2',
  'latency-based-routing',
  'cost-based-routing',
];

/**
 * Every `RouterOptions` key a config may set (LiteLLM's `router_settings` names): the one list the
 * proxy's config schema and its "not implemented yet" warnings are built from. A test checks that
 * the router reads exactly these.
 */
export const ROUTER_SETTING_NAMES = [
  'routing_strategy',
  'routing_strategy_args',
  'num_retries',
  'retry_after',
  'retry_policy',
  'model_group_retry_policy',
  'allowed_fails',
  'allowed_fails_policy',
  'cooldown_time',
  'disable_cooldowns',
  'fallbacks',
  'default_fallbacks',
  'context_window_fallbacks',
  'content_policy_fallbacks',
  'max_fallbacks',
  'timeout',
  'stream_timeout',
  'enable_pre_call_checks',
  'enable_tag_filtering',
  'model_group_alias',
] as const satisfies readonly (keyof RouterOptions)[];

/** Options that are not settings: the deployments, and what code (not a config) passes in. */
type NotASetting = 'model_list' | 'state' | 'transport' | 'random';
// Compile-time: adding a RouterOptions key without listing it here is an error.
const everyOptionListed: Record<Exclude<keyof RouterOptions, NotASetting>, true> = Object.fromEntries(
  ROUTER_SETTING_NAMES.map((name) => [name, true]),
) as Record<(typeof ROUTER_SETTING_NAMES)[number], true>;
void everyOptionListed;

/** Applies LiteLLM's defaults: 2 retries, 3 allowed fails a minute, 5 s cooldowns, 5 fallbacks at most. */
export function resolveRouterSettings(options: RouterOptions): RouterSettings {
  const strategy = options.routing_strategy ?? 'simple-shuffle';
  if (!ROUTING_STRATEGIES.includes(strategy)) {
    throw new TypeError(
      `Unknown routing_strategy '${String(strategy)}'; expected one of ${ROUTING_STRATEGIES.join(', ')}`,
    );
  }
  const args = options.routing_strategy_args ?? {};
  return {
    strategy,
    numRetries: options.num_retries ?? 2,
    retryAfterSeconds: options.retry_after ?? 0,
    retryPolicy: options.retry_policy,
    modelGroupRetryPolicy: options.model_group_retry_policy ?? {},
    allowedFails: options.allowed_fails ?? 3,
    allowedFailsPolicy: options.allowed_fails_policy,
    cooldownSeconds: options.cooldown_time ?? 5,
    disableCooldowns: options.disable_cooldowns ?? false,
    fallbacks: options.fallbacks ?? [],
    defaultFallbacks: options.default_fallbacks ?? [],
    contextWindowFallbacks: options.context_window_fallbacks ?? [],
    contentPolicyFallbacks: options.content_policy_fallbacks ?? [],
    maxFallbacks: options.max_fallbacks ?? 5,
    timeout: options.timeout,
    streamTimeout: options.stream_timeout,
    preCallChecks: options.enable_pre_call_checks ?? false,
    tagFiltering: options.enable_tag_filtering ?? false,
    latencyBuffer: typeof args.lowest_latency_buffer === 'number' ? args.lowest_latency_buffer : 0,
    latencyTtlMs: (typeof args.ttl === 'number' ? args.ttl : 3600) * 1000,
    state: options.state ?? new InMemoryRouterState(),
    random: options.random ?? Math.random,
  };
}
