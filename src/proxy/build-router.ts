import { InMemoryRouterState, Router, type RouterOptions } from '../router/index.js';
import type { RouterState } from '../spec/router-state.js';
import type { Transport } from '../spec/transport.js';
import { redisSettingsFrom } from '../store/redis-settings.js';
import type { ProxyConfig } from './config/proxy-config.js';

/**
 * Router settings LiteLLM also accepts in `litellm_settings` (router_settings wins); with
 * `request_timeout` and `drop_params`, the litellm_settings the proxy applies (the config schema
 * and its start-up warnings are built from this list).
 */
export const LITELLM_ROUTER_SETTINGS = [
  'num_retries',
  'fallbacks',
  'default_fallbacks',
  'context_window_fallbacks',
  'content_policy_fallbacks',
  'allowed_fails',
  'cooldown_time',
  'retry_policy',
  'allowed_fails_policy',
  'max_fallbacks',
] as const;

/**
 * The proxy's router, from `model_list`, `router_settings` and the routing keys of
 * `litellm_settings`; shared state in Redis when `router_settings.redis_*` or `REDIS_*` say so.
 */
export async function buildRouter(
  config: ProxyConfig,
  transport: Transport,
): Promise<{ router: Router; state: RouterState | undefined }> {
  const settings: Record<string, unknown> = {};
  for (const name of LITELLM_ROUTER_SETTINGS) {
    const value = config.router_settings[name] ?? config.litellm_settings[name];
    if (value !== undefined) settings[name] = value;
  }
  const timeout = config.router_settings.timeout ?? config.litellm_settings.request_timeout;
  if (timeout !== undefined) settings.timeout = timeout;
  const redis = redisSettingsFrom(config.router_settings, process.env);
  // Loaded only when Redis is configured: ioredis costs memory a single proxy does not need.
  // The Redis state keeps this process's own numbers in the router's one in-memory state.
  const state = redis
    ? (await import('../store/redis-router-state.js')).createRedisRouterState(redis, {
        createLocalState: (options) => new InMemoryRouterState(options),
      })
    : undefined;
  const options = {
    ...config.router_settings,
    ...settings,
    model_list: config.model_list,
    transport,
    ...(state ? { state } : {}),
  } as RouterOptions;
  return { router: new Router(options), state };
}
