import type { DeploymentUsage, LatencySample } from '../spec/router-state.js';

export interface RedisRouterMirrorOptions {
  /** Epoch ms on the Redis clock. */
  now: () => number;
  /** Samples written by this instance are skipped: the local state already holds them. */
  instanceId: string;
}

interface MinuteUsage extends DeploymentUsage {
  window: number;
}

/**
 * What this process last read from Redis: the answers routing needs on every request without
 * a round trip. Counters only grow within a minute, so a stale reply never lowers a fresher value.
 */
export class RedisRouterMirror {
  readonly #now: () => number;
  readonly #instanceId: string;
  readonly #usage = new Map<string, MinuteUsage>();
  readonly #cooldowns = new Map<string, number>();
  readonly #othersInFlight = new Map<string, number>();
  readonly #latencies = new Map<string, LatencySample[]>();
  #inFlightAt = Number.NEGATIVE_INFINITY;

  constructor(options: RedisRouterMirrorOptions) {
    this.#now = options.now;
    this.#instanceId = options.instanceId;
  }

  applyCount(deploymentId: string, field: 'rpm' | 'tpm', window: number, total: number): void {
    if (!Number.isFinite(total) || !Number.isFinite(window)) return;
    let usage = this.#usage.get(deploymentId);
    if (!usage || usage.window < window) {
      usage = { window, rpm: 0, tpm: 0 };
      this.#usage.set(deploymentId, usage);
    }
    if (usage.window === window) usage[field] = Math.max(usage[field], total);
  }

  usage(deploymentId: string, window: number): DeploymentUsage {
    const usage = this.#usage.get(deploymentId);
    return usage?.window === window ? { rpm: usage.rpm, tpm: usage.tpm } : { rpm: 0, tpm: 0 };
  }

  applyCooldown(deploymentId: string, until: number): void {
    if (until > (this.#cooldowns.get(deploymentId) ?? 0)) this.#cooldowns.set(deploymentId, until);
  }

  /** `PTTL` of the cooldown key: -2 (none) clears what the mirror held, a positive value sets it. */
  applyCooldownTtl(deploymentId: string, ttlMs: number): void {
    if (ttlMs > 0) this.#cooldowns.set(deploymentId, this.#now() + ttlMs);
    else this.#cooldowns.delete(deploymentId);
  }

  isCoolingDown(deploymentId: string): boolean {
    return (this.#cooldowns.get(deploymentId) ?? 0) > this.#now();
  }

  applyInFlight(deploymentIds: readonly string[], sums: readonly number[]): void {
    deploymentIds.forEach((id, index) => {
      this.#othersInFlight.set(id, sums[index] ?? 0);
    });
    this.#inFlightAt = Date.now();
  }

  othersInFlight(deploymentId: string): number {
    return this.#othersInFlight.get(deploymentId) ?? 0;
  }

  /** Milliseconds since other processes' in-flight counts were read. */
  inFlightAge(): number {
    return Date.now() - this.#inFlightAt;
  }

  /** A `ZRANGEBYSCORE … WITHSCORES` reply: member `instance|sequence|latencyMs`, score `at`. */
  applyLatencies(deploymentId: string, reply: readonly string[]): void {
    const samples: LatencySample[] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) {
      const parts = (reply[index] ?? '').split('|');
      if (parts[0] === this.#instanceId) continue;
      const latencyMs = Number(parts.at(-1));
      const at = Number(reply[index + 1]);
      if (Number.isFinite(latencyMs) && Number.isFinite(at)) samples.push({ latencyMs, at });
    }
    this.#latencies.set(deploymentId, samples);
  }

  otherLatencies(deploymentId: string): readonly LatencySample[] {
    return this.#latencies.get(deploymentId) ?? [];
  }
}
