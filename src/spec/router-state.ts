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
