import type { DeploymentUsage, LatencySample, RouterState } from '../spec/router-state.js';

export interface LocalRouterStateOptions {
  /** Clock in epoch ms; the Redis state passes one aligned to the Redis server's clock. */
  now?: () => number;
  /** Samples kept per deployment, newest kept. Default 100. */
  latencySamples?: number;
  /** Samples older than this are dropped, whatever TTL a reader asks for. Default 1 hour. */
  latencyRetentionMs?: number;
}

interface MinuteCounts {
  window: number;
  rpm: number;
  tpm: number;
  /** Per error kind, as the router counts them (`*` for any failure without a policy of its own). */
  failures: Map<string, number>;
}

/** A cooldown this process knows of: until when (epoch ms, same clock as `now`) and why. */
export interface LocalCooldown {
  deploymentId: string;
  until: number;
  reason: string;
}

export const MINUTE_MS = 60_000;
export const DEFAULT_LATENCY_SAMPLES = 100;
export const DEFAULT_LATENCY_RETENTION_MS = 3_600_000;

/**
 * The router state of one process, in memory. The Redis state keeps one as its fallback and
 * source of this process's own numbers; it also serves alone where nothing is shared.
 * @example const state = new LocalRouterState(); await state.reserveRequest('gpt-4o-east', 60);
 */
export class LocalRouterState implements RouterState {
  readonly #now: () => number;
  readonly #latencySamples: number;
  readonly #latencyRetentionMs: number;
  readonly #inFlight = new Map<string, number>();
  readonly #minutes = new Map<string, MinuteCounts>();
  readonly #cooldowns = new Map<string, { until: number; reason: string }>();
  readonly #latencies = new Map<string, LatencySample[]>();

  constructor(options: LocalRouterStateOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#latencySamples = options.latencySamples ?? DEFAULT_LATENCY_SAMPLES;
    this.#latencyRetentionMs = options.latencyRetentionMs ?? DEFAULT_LATENCY_RETENTION_MS;
  }

  async requestStarted(deploymentId: string): Promise<void> {
    this.#inFlight.set(deploymentId, (this.#inFlight.get(deploymentId) ?? 0) + 1);
  }

  async requestFinished(deploymentId: string): Promise<void> {
    const count = (this.#inFlight.get(deploymentId) ?? 0) - 1;
    if (count > 0) this.#inFlight.set(deploymentId, count);
    else this.#inFlight.delete(deploymentId);
  }

  async inFlight(deploymentIds: readonly string[]): Promise<Map<string, number>> {
    return new Map(deploymentIds.map((id) => [id, this.#inFlight.get(id) ?? 0]));
  }

  async reserveRequest(deploymentId: string, rpmLimit: number | undefined): Promise<boolean> {
    return this.reserveNow(deploymentId, rpmLimit);
  }

  /** `reserveRequest` without the promise, for callers that must check and count in one step. */
  reserveNow(deploymentId: string, rpmLimit: number | undefined): boolean {
    const counts = this.#currentMinute(deploymentId);
    if (rpmLimit !== undefined && counts.rpm >= rpmLimit) return false;
    counts.rpm += 1;
    return true;
  }

  async addTokens(deploymentId: string, tokens: number): Promise<void> {
    if (Number.isFinite(tokens) && tokens > 0) this.#currentMinute(deploymentId).tpm += Math.round(tokens);
  }

  async usage(deploymentIds: readonly string[]): Promise<Map<string, DeploymentUsage>> {
    return new Map(deploymentIds.map((id) => [id, this.usageNow(id)]));
  }

  /** Current-minute usage of one deployment, synchronously. */
  usageNow(deploymentId: string): DeploymentUsage {
    const counts = this.#minutes.get(deploymentId);
    if (!counts || counts.window !== this.#window()) return { rpm: 0, tpm: 0 };
    return { rpm: counts.rpm, tpm: counts.tpm };
  }

  async recordLatency(deploymentId: string, latencyMs: number): Promise<void> {
    this.recordSample(deploymentId, { latencyMs, at: this.#now() });
  }

  /** Stores a sample with its own timestamp (the Redis state records the same `at` in both places). */
  recordSample(deploymentId: string, sample: LatencySample): void {
    const samples = this.#latencies.get(deploymentId) ?? [];
    samples.push(sample);
    const oldest = this.#now() - this.#latencyRetentionMs;
    while (samples.length > this.#latencySamples || (samples[0] && samples[0].at < oldest)) samples.shift();
    this.#latencies.set(deploymentId, samples);
  }

  async latencies(deploymentIds: readonly string[], ttlMs: number): Promise<Map<string, LatencySample[]>> {
    const since = this.#now() - ttlMs;
    return new Map(
      deploymentIds.map((id) => [id, (this.#latencies.get(id) ?? []).filter((sample) => sample.at >= since)]),
    );
  }

  /** Counts per deployment and error kind: the router compares each kind with its own allowance. */
  async recordFailure(deploymentId: string, errorKind: string): Promise<number> {
    const failures = this.#currentMinute(deploymentId).failures;
    const count = (failures.get(errorKind) ?? 0) + 1;
    failures.set(errorKind, count);
    return count;
  }

  async setCooldown(deploymentId: string, seconds: number, reason: string): Promise<void> {
    if (!(seconds > 0)) return;
    const until = this.#now() + seconds * 1000;
    const current = this.#cooldowns.get(deploymentId);
    if (!current || current.until < until) this.#cooldowns.set(deploymentId, { until, reason });
  }

  async coolingDown(deploymentIds: readonly string[]): Promise<Set<string>> {
    const now = this.#now();
    return new Set(deploymentIds.filter((id) => (this.#cooldowns.get(id)?.until ?? 0) > now));
  }

  /** Cooldowns still running, for pushing them back to a shared store after an outage. */
  activeCooldowns(): LocalCooldown[] {
    const now = this.#now();
    const active: LocalCooldown[] = [];
    for (const [deploymentId, cooldown] of this.#cooldowns) {
      if (cooldown.until > now) active.push({ deploymentId, ...cooldown });
      else this.#cooldowns.delete(deploymentId);
    }
    return active;
  }

  /** This process's in-flight counts (deployments with none are absent). */
  inFlightCounts(): ReadonlyMap<string, number> {
    return this.#inFlight;
  }

  async close(): Promise<void> {}

  #window(): number {
    return Math.floor(this.#now() / MINUTE_MS);
  }

  #currentMinute(deploymentId: string): MinuteCounts {
    const window = this.#window();
    let counts = this.#minutes.get(deploymentId);
    if (!counts || counts.window !== window) {
      counts = { window, rpm: 0, tpm: 0, failures: new Map() };
      this.#minutes.set(deploymentId, counts);
    }
    return counts;
  }
}
