import {
  type DeploymentUsage,
  type LatencySample,
  type LocalCooldown,
  type LocalRouterState,
  type LocalRouterStateOptions,
  ROUTER_STATE_DEFAULTS,
} from './router-state.js';

/** Shared answer when no deployment is cooling down; callers only read the set. */
const NOTHING_COOLING: ReadonlySet<string> = new Set();

interface MinuteCounts {
  window: number;
  rpm: number;
  tpm: number;
  /** Per error kind, as the router counts them (`*` for any failure without a policy of its own). */
  failures: Map<string, number>;
}

/**
 * `RouterState` for one process, and the local half of the Redis state (the one in-memory code path):
 * counters in fixed minute windows, latency samples capped and dropped by age, cooldowns that expire
 * on their own. Where an earlier second copy differed, this follows what Redis does: 100 samples
 * (not 50) dropped after an hour, tokens rounded (INCRBY), bad latencies ignored, the longer cooldown kept.
 * @example const router = new Router({ model_list, state: new InMemoryRouterState() });
 */
export class InMemoryRouterState implements LocalRouterState {
  readonly #now: () => number;
  readonly #latencySamples: number;
  readonly #latencyRetentionMs: number;
  readonly #inFlight = new Map<string, number>();
  readonly #minutes = new Map<string, MinuteCounts>();
  readonly #cooldowns = new Map<string, { until: number; reason: string }>();
  readonly #latencies = new Map<string, LatencySample[]>();

  /** Takes options, or (as before) just the clock so tests need not wait. */
  constructor(options: LocalRouterStateOptions | (() => number) = {}) {
    const resolved = typeof options === 'function' ? { now: options } : options;
    this.#now = resolved.now ?? Date.now;
    this.#latencySamples = resolved.latencySamples ?? ROUTER_STATE_DEFAULTS.latencySamples;
    this.#latencyRetentionMs = resolved.latencyRetentionMs ?? ROUTER_STATE_DEFAULTS.latencyRetentionMs;
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

  reserveNow(deploymentId: string, rpmLimit: number | undefined): boolean {
    const counts = this.#currentMinute(deploymentId);
    if (rpmLimit !== undefined && counts.rpm >= rpmLimit) return false;
    counts.rpm += 1;
    return true;
  }

  /** Whole tokens only, as Redis counts them (INCRBY); non-finite or non-positive amounts are ignored. */
  async addTokens(deploymentId: string, tokens: number): Promise<void> {
    if (Number.isFinite(tokens) && tokens > 0) this.#currentMinute(deploymentId).tpm += Math.round(tokens);
  }

  async usage(deploymentIds: readonly string[]): Promise<Map<string, DeploymentUsage>> {
    return new Map(deploymentIds.map((id) => [id, this.usageNow(id)]));
  }

  usageNow(deploymentId: string): DeploymentUsage {
    const counts = this.#minutes.get(deploymentId);
    if (!counts || counts.window !== this.#window()) return { rpm: 0, tpm: 0 };
    return { rpm: counts.rpm, tpm: counts.tpm };
  }

  /** A negative or non-finite latency is ignored (the Redis state never stored one). */
  async recordLatency(deploymentId: string, latencyMs: number): Promise<void> {
    if (Number.isFinite(latencyMs) && latencyMs >= 0) this.recordSample(deploymentId, { latencyMs, at: this.#now() });
  }

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

  /** A running longer cooldown is kept and `seconds <= 0` does nothing, as the Redis cooldown script does. */
  async setCooldown(deploymentId: string, seconds: number, reason: string): Promise<void> {
    if (!(seconds > 0)) return;
    const until = this.#now() + seconds * 1000;
    const current = this.#cooldowns.get(deploymentId);
    if (!current || current.until < until) this.#cooldowns.set(deploymentId, { until, reason });
  }

  /** The answer is read-only: it may be a shared empty set (asked on every request, nearly always empty). */
  async coolingDown(deploymentIds: readonly string[]): Promise<Set<string>> {
    if (this.#cooldowns.size === 0) return NOTHING_COOLING as Set<string>;
    const now = this.#now();
    const cooling = new Set<string>();
    for (const id of deploymentIds) {
      const entry = this.#cooldowns.get(id);
      if (!entry) continue;
      if (entry.until > now) cooling.add(id);
      else this.#cooldowns.delete(id);
    }
    return cooling;
  }

  activeCooldowns(): LocalCooldown[] {
    const now = this.#now();
    const active: LocalCooldown[] = [];
    for (const [deploymentId, cooldown] of this.#cooldowns) {
      if (cooldown.until > now) active.push({ deploymentId, ...cooldown });
      else this.#cooldowns.delete(deploymentId);
    }
    return active;
  }

  inFlightCounts(): ReadonlyMap<string, number> {
    return this.#inFlight;
  }

  async close(): Promise<void> {
    this.#inFlight.clear();
    this.#minutes.clear();
    this.#cooldowns.clear();
    this.#latencies.clear();
  }

  #window(): number {
    return Math.floor(this.#now() / ROUTER_STATE_DEFAULTS.minuteMs);
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
