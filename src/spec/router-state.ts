/**
 * The router's shared state: usage counters, in-flight counts, latency samples, failures and
 * cooldowns. In memory by default; in Redis (src/store) when several processes must agree.
 * Every method is async so a networked backend fits; implementations keep the hot path cheap
 * (local reads, writes batched or pipelined) and degrade to local state when their backend fails.
 */
export interface DeploymentUsage {
  /** Requests started in the current minute window. */
  rpm: number;
  /** Tokens used in the current minute window. */
  tpm: number;
}

export interface LatencySample {
  /** Whole-call latency, or time to first token for streams, in milliseconds. */
  latencyMs: number;
  /** Epoch ms when recorded; samples older than the TTL are ignored. */
  at: number;
}

export interface RouterState {
  /** Counts one request starting on a deployment (in flight until `requestFinished`). */
  requestStarted(deploymentId: string): Promise<void>;
  requestFinished(deploymentId: string): Promise<void>;
  /** Requests in flight per deployment (least-busy). Missing ids mean 0. */
  inFlight(deploymentIds: readonly string[]): Promise<Map<string, number>>;

  /**
   * Atomically counts one request against a deployment's `rpm` limit for the current minute:
   * `false` (and nothing counted) when the limit is already reached. Without a limit, always counts.
   */
  reserveRequest(deploymentId: string, rpmLimit: number | undefined): Promise<boolean>;
  /** Adds tokens used by a finished call to the current minute. */
  addTokens(deploymentId: string, tokens: number): Promise<void>;
  /** Current-minute usage per deployment. Missing ids mean zero usage. */
  usage(deploymentIds: readonly string[]): Promise<Map<string, DeploymentUsage>>;

  recordLatency(deploymentId: string, latencyMs: number): Promise<void>;
  /** Recent samples (within `ttlMs`) per deployment, newest last. */
  latencies(deploymentIds: readonly string[], ttlMs: number): Promise<Map<string, LatencySample[]>>;

  /** Counts a failure in the current minute; resolves to the count including this one. */
  recordFailure(deploymentId: string, errorKind: string): Promise<number>;
  /** Cools a deployment down for `seconds` (skipped by routing until then). */
  setCooldown(deploymentId: string, seconds: number, reason: string): Promise<void>;
  /** The ids among these that are cooling down now. */
  coolingDown(deploymentIds: readonly string[]): Promise<Set<string>>;

  close(): Promise<void>;
}

/** Defaults shared by the in-memory state and the Redis one, so routing is the same with and without Redis. */
export const ROUTER_STATE_DEFAULTS = {
  /** Counters, failures and rpm limits live in fixed windows of this length. */
  minuteMs: 60_000,
  /** Latency samples kept per deployment, newest kept. */
  latencySamples: 100,
  /** Samples older than this are dropped, whatever TTL a reader asks for (1 hour). */
  latencyRetentionMs: 3_600_000,
} as const;

export interface LocalRouterStateOptions {
  /** Clock in epoch ms; the Redis state passes one aligned to the Redis server's clock. */
  now?: () => number;
  /** Samples kept per deployment, newest kept. Default `ROUTER_STATE_DEFAULTS.latencySamples`. */
  latencySamples?: number;
  /** Samples older than this are dropped. Default `ROUTER_STATE_DEFAULTS.latencyRetentionMs`. */
  latencyRetentionMs?: number;
}

/** A cooldown one process knows of: until when (epoch ms, same clock as `now`) and why. */
export interface LocalCooldown {
  deploymentId: string;
  until: number;
  reason: string;
}

/**
 * The in-memory state with the synchronous reads a shared backend needs to keep its local
 * numbers (check-and-count with no await between, its own in-flight counts, cooldowns to push back).
 */
export interface LocalRouterState extends RouterState {
  /** `reserveRequest` without the promise: checks and counts in one step. */
  reserveNow(deploymentId: string, rpmLimit: number | undefined): boolean;
  /** Current-minute usage of one deployment. */
  usageNow(deploymentId: string): DeploymentUsage;
  /** Stores a sample with its own timestamp (a shared backend records the same `at` in both places). */
  recordSample(deploymentId: string, sample: LatencySample): void;
  /** Cooldowns still running. */
  activeCooldowns(): LocalCooldown[];
  /** In-flight counts (deployments with none are absent). */
  inFlightCounts(): ReadonlyMap<string, number>;
}

/** Makes the in-memory state; the composition root passes the router's one to the Redis state (src/store may not import src/router). */
export type LocalRouterStateFactory = (options: LocalRouterStateOptions) => LocalRouterState;
