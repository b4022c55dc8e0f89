import type { Redis } from 'ioredis';
import { type LocalRouterStateFactory, ROUTER_STATE_DEFAULTS } from '../spec/router-state.js';
import type { RedisConnectionOptions } from './redis-settings.js';

/** Receives the state's few log lines: one when Redis goes away, one when it is back. */
export type RedisStateLogger = (level: 'warn' | 'info', message: string) => void;

export interface RedisRouterStateOptions extends RedisConnectionOptions {
  /**
   * Makes the in-memory state that holds this process's own numbers and carries routing while
   * Redis is away: the router's `InMemoryRouterState`, passed in by the composition root
   * (src/store may not import src/router), so routing is the same with and without Redis.
   */
  createLocalState: LocalRouterStateFactory;
  /** Overrides `key_prefix` from the settings; default `llmux:router:`. */
  keyPrefix?: string;
  /** How often the local mirror (cooldowns, usage, in-flight) is refreshed in one round trip. Default 100 ms. */
  refreshIntervalMs?: number;
  /** How often latency samples of other processes are fetched. Default 1000 ms. */
  latencyRefreshIntervalMs?: number;
  /** Batched writes (unlimited rpm, tokens, latencies) wait at most this long. Default 5 ms. */
  flushIntervalMs?: number;
  /** …or until this many are pending. Default 200. */
  flushMaxOps?: number;
  /** A process's published in-flight counts vanish this long after it stops refreshing them. Default 15 s. */
  inFlightTtlMs?: number;
  latencySamples?: number;
  latencyRetentionMs?: number;
  /** Names this process's in-flight hash; default a random UUID. */
  instanceId?: string;
  /** Default: `console.warn` / `console.info`, silenced by `LLMUX_LOG_LEVEL=silent`. */
  logger?: RedisStateLogger;
}

export interface RedisRouterStateInit extends RedisRouterStateOptions {
  client: Redis;
  /** Close the client in `close()`. Default true. */
  ownsClient?: boolean;
  /** Where the client points, for log lines. */
  target?: string;
}

export function defaultRedisStateLogger(level: 'warn' | 'info', message: string): void {
  const configured = process.env['LLMUX_LOG_LEVEL'];
  if (configured === 'silent' || (configured === 'error' && level !== 'warn')) return;
  if (level === 'warn') console.warn(message);
  else console.info(message);
}

export type ResolvedRouterStateOptions = Required<
  Pick<
    RedisRouterStateOptions,
    | 'refreshIntervalMs'
    | 'latencyRefreshIntervalMs'
    | 'flushIntervalMs'
    | 'flushMaxOps'
    | 'inFlightTtlMs'
    | 'latencySamples'
    | 'latencyRetentionMs'
  >
>;

export function resolveRouterStateOptions(options: RedisRouterStateOptions): ResolvedRouterStateOptions {
  return {
    refreshIntervalMs: options.refreshIntervalMs ?? 100,
    latencyRefreshIntervalMs: options.latencyRefreshIntervalMs ?? 1000,
    flushIntervalMs: options.flushIntervalMs ?? 5,
    flushMaxOps: options.flushMaxOps ?? 200,
    inFlightTtlMs: options.inFlightTtlMs ?? 15_000,
    latencySamples: options.latencySamples ?? ROUTER_STATE_DEFAULTS.latencySamples,
    latencyRetentionMs: options.latencyRetentionMs ?? ROUTER_STATE_DEFAULTS.latencyRetentionMs,
  };
}
