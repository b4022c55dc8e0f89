import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { Transport } from '../spec/transport.js';
import type { RouterState } from './router-state.js';

/** One `model_list` entry, as LiteLLM and the proxy's config.yaml write it. */
export interface ModelListEntry {
  model_name: string;
  litellm_params: LiteLLMParams & {
    model: string;
    rpm?: number;
    tpm?: number;
    weight?: number;
    order?: number;
    tags?: string[];
    /** Regexes matched against `User-Agent: <value>` of the request (with tag filtering on). */
    tag_regex?: string[];
  };
  model_info?: (Record<string, unknown> & { id?: string }) | undefined;
}

/** LiteLLM's routing strategies. */
export type RoutingStrategy =
  | 'simple-shuffle'
  | 'least-busy'
  | 'usage-based-routing'
  | 'usage-based-routing-v2'
  | 'latency-based-routing'
  | 'cost-based-routing';

/** Retries per error type (LiteLLM's `RetryPolicy`); a set field wins over `num_retries`. */
export interface RetryPolicy {
  BadRequestErrorRetries?: number;
  AuthenticationErrorRetries?: number;
  TimeoutErrorRetries?: number;
  RateLimitErrorRetries?: number;
  ContentPolicyViolationErrorRetries?: number;
  InternalServerErrorRetries?: number;
}

/** Failures per minute allowed before a cooldown, per error type (LiteLLM's `AllowedFailsPolicy`). */
export interface AllowedFailsPolicy {
  BadRequestErrorAllowedFails?: number;
  AuthenticationErrorAllowedFails?: number;
  TimeoutErrorAllowedFails?: number;
  RateLimitErrorAllowedFails?: number;
  ContentPolicyViolationErrorAllowedFails?: number;
  InternalServerErrorAllowedFails?: number;
}

/** `[{ "gpt-4o": ["claude-sonnet", "gemini-pro"] }]`; the key `"*"` applies to every group. */
export type FallbackList = Record<string, string[]>[];

/** `model_group_alias` values: a model group name, or one hidden from the model list. */
export type ModelGroupAliasTarget = string | { model: string; hidden?: boolean };

/** `new Router(...)` options, under LiteLLM's names. */
export interface RouterOptions {
  model_list: ModelListEntry[];
  routing_strategy?: RoutingStrategy;
  /** `lowest_latency_buffer` (0.1 = within 10% of the fastest) and `ttl` (seconds) for latency routing. */
  routing_strategy_args?: { lowest_latency_buffer?: number; ttl?: number; [key: string]: unknown };
  /** Retries per model group, each on a freshly chosen deployment. Default 2. */
  num_retries?: number;
  /** Minimum seconds to wait before a retry when no other deployment is healthy. Default 0. */
  retry_after?: number;
  retry_policy?: RetryPolicy;
  /** Per model group; wins over `retry_policy`. */
  model_group_retry_policy?: Record<string, RetryPolicy>;
  /** Failures per minute before a deployment cools down. Default 3. */
  allowed_fails?: number;
  allowed_fails_policy?: AllowedFailsPolicy;
  /** Seconds a failing deployment is skipped. Default 5. */
  cooldown_time?: number;
  disable_cooldowns?: boolean;
  fallbacks?: FallbackList;
  /** Groups tried for every model group without its own `fallbacks`. */
  default_fallbacks?: string[];
  context_window_fallbacks?: FallbackList;
  content_policy_fallbacks?: FallbackList;
  /** Most fallback groups tried for one request. Default 5. */
  max_fallbacks?: number;
  /** Seconds per call (a deployment's own `timeout` wins). */
  timeout?: number;
  stream_timeout?: number;
  enable_pre_call_checks?: boolean;
  enable_tag_filtering?: boolean;
  /** Other names for model groups: `{ "gpt-4": "gpt-4o" }` or `{ "gpt-4": { model: "gpt-4o", hidden: true } }`. */
  model_group_alias?: Record<string, ModelGroupAliasTarget>;
  /** Shared state (Redis in the proxy); in memory by default. */
  state?: RouterState;
  /** How upstreams are reached; defaults to `fetch`. */
  transport?: Transport;
  /** llmux extension for tests: the random source of the shuffle strategies. */
  random?: () => number;
}

/** Router fields a request may carry; they steer the router and never reach the provider. */
export interface RouterRequestFields {
  fallbacks?: FallbackList | string[];
  context_window_fallbacks?: FallbackList;
  content_policy_fallbacks?: FallbackList;
  mock_testing_fallbacks?: boolean;
  mock_testing_context_fallbacks?: boolean;
  mock_testing_content_policy_fallbacks?: boolean;
  tags?: string[];
  /** The client's `User-Agent`, for deployments' `tag_regex` (the proxy sets it from the header). */
  user_agent?: string;
  /** `eu` or `us`: only deployments whose `region_name` is in it (with `enable_pre_call_checks`). */
  allowed_model_region?: string;
}

export const ROUTER_REQUEST_FIELDS = [
  'fallbacks',
  'context_window_fallbacks',
  'content_policy_fallbacks',
  'mock_testing_fallbacks',
  'mock_testing_context_fallbacks',
  'mock_testing_content_policy_fallbacks',
  'allowed_model_region',
  'user_agent',
  'num_retries',
  'max_retries',
] as const;
