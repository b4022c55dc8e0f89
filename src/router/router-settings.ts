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

const STRATEGIES: readonly RoutingStrategy[] = [
  'simple-shuffle',
  'least-busy',
  'usage-based-routing',
  'usage-based-routing-v2',
  'latency-based-routing',
  'cost-based-routing',
];

/** Applies LiteLLM's defaults: 2 retries, 3 allowed fails a minute, 5 s cooldowns, 5 fallbacks at most. */
export function resolveRouterSettings(options: RouterOptions): RouterSettings {
  const strategy = options.routing_strategy ?? 'simple-shuffle';
  if (!STRATEGIES.includes(strategy)) {
    throw new TypeError(`Unknown routing_strategy '${String(strategy)}'; expected one of ${STRATEGIES.join(', ')}`);
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
