import type { DeploymentUsage, LatencySample, RouterState } from './router-state.js';

const MINUTE_MS = 60_000;
/** Latency samples kept per deployment; older ones are dropped first. */
const MAX_SAMPLES = 50;

/** Shared answer when no deployment is cooling down; callers only read the set. */
const NOTHING_COOLING: Set<string> = new Set();

interface MinuteCounter {
  minute: number;
  count: number;
}

/**
 * `RouterState` for one process: counters in fixed minute windows, latency samples dropped by TTL,
 * cooldowns that expire on their own. `now` is injectable so tests need not wait.
 * @example const router = new Router({ model_list, state: new InMemoryRouterState() });
 */
export class InMemoryRouterState implements RouterState {
  private readonly flights = new Map<string, number>();
  private readonly requests = new Map<string, MinuteCounter>();
  private readonly tokens = new Map<string, MinuteCounter>();
  private readonly samples = new Map<string, LatencySample[]>();
  private readonly failures = new Map<string, MinuteCounter>();
  private readonly cooldowns = new Map<string, { until: number; reason: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  async requestStarted(deploymentId: string): Promise<void> {
    this.flights.set(deploymentId, (this.flights.get(deploymentId) ?? 0) + 1);
  }

  async requestFinished(deploymentId: string): Promise<void> {
    const count = (this.flights.get(deploymentId) ?? 0) - 1;
    if (count > 0) this.flights.set(deploymentId, count);
    else this.flights.delete(deploymentId);
  }

  async inFlight(deploymentIds: readonly string[]): Promise<Map<string, number>> {
    return new Map(deploymentIds.map((id) => [id, this.flights.get(id) ?? 0]));
  }

  async reserveRequest(deploymentId: string, rpmLimit: number | undefined): Promise<boolean> {
    const current = this.current(this.requests, deploymentId);
    if (rpmLimit !== undefined && current >= rpmLimit) return false;
    this.add(this.requests, deploymentId, 1);
    return true;
  }

  async addTokens(deploymentId: string, tokens: number): Promise<void> {
    if (tokens > 0) this.add(this.tokens, deploymentId, tokens);
  }

  async usage(deploymentIds: readonly string[]): Promise<Map<string, DeploymentUsage>> {
    return new Map(
      deploymentIds.map((id) => [id, { rpm: this.current(this.requests, id), tpm: this.current(this.tokens, id) }]),
    );
  }

  async recordLatency(deploymentId: string, latencyMs: number): Promise<void> {
    const list = this.samples.get(deploymentId) ?? [];
    list.push({ latencyMs, at: this.now() });
    while (list.length > MAX_SAMPLES) list.shift();
    this.samples.set(deploymentId, list);
  }

  async latencies(deploymentIds: readonly string[], ttlMs: number): Promise<Map<string, LatencySample[]>> {
    const oldest = this.now() - ttlMs;
    return new Map(
      deploymentIds.map((id) => [id, (this.samples.get(id) ?? []).filter((sample) => sample.at >= oldest)]),
    );
  }

  /** Failures are counted per deployment and `errorKind` (the router passes `*` unless a per-type policy applies). */
  async recordFailure(deploymentId: string, errorKind: string): Promise<number> {
    const key = `${deploymentId}\u0000${errorKind}`;
    this.add(this.failures, key, 1);
    return this.current(this.failures, key);
  }

  async setCooldown(deploymentId: string, seconds: number, reason: string): Promise<void> {
    this.cooldowns.set(deploymentId, { until: this.now() + seconds * 1000, reason });
  }

  async coolingDown(deploymentIds: readonly string[]): Promise<Set<string>> {
    // Asked on every request; nearly always nothing is cooling, so no Set is made for that.
    if (this.cooldowns.size === 0) return NOTHING_COOLING;
    const now = this.now();
    const cooling = new Set<string>();
    for (const id of deploymentIds) {
      const entry = this.cooldowns.get(id);
      if (!entry) continue;
      if (entry.until > now) cooling.add(id);
      else this.cooldowns.delete(id);
    }
    return cooling;
  }

  async close(): Promise<void> {
    for (const map of [this.flights, this.requests, this.tokens, this.samples, this.failures, this.cooldowns]) {
      map.clear();
    }
  }

  private current(map: Map<string, MinuteCounter>, key: string): number {
    const counter = map.get(key);
    return counter && counter.minute === this.minute() ? counter.count : 0;
  }

  private add(map: Map<string, MinuteCounter>, key: string, amount: number): void {
    const minute = this.minute();
    const counter = map.get(key);
    if (counter && counter.minute === minute) counter.count += amount;
    else map.set(key, { minute, count: amount });
  }

  private minute(): number {
    return Math.floor(this.now() / MINUTE_MS);
  }
}
