import { randomUUID } from 'node:crypto';
import type { DeploymentUsage, LatencySample, LocalRouterState, RouterState } from '../spec/router-state.js';
import { createRedisClient, DEFAULT_KEY_PREFIX, describeRedisTarget, type RedisSettings } from './redis-connection.js';
import { RedisRouterLink } from './redis-router-link.js';
import { RedisRouterMirror } from './redis-router-mirror.js';
import {
  defaultRedisStateLogger,
  type RedisRouterStateInit,
  type RedisRouterStateOptions,
  type ResolvedRouterStateOptions,
  resolveRouterStateOptions,
} from './redis-router-options.js';
import { COUNTER_TTL_MS, routerKeys, withRouterScripts } from './redis-router-sync.js';

/**
 * `RouterState` shared through Redis, for several proxy processes or machines. Routing reads come
 * from a local mirror refreshed in the background; `reserveRequest` with a limit is one atomic Lua
 * call; other writes are batched. This process's own numbers live in the one in-memory state
 * (`init.createLocalState`), which also carries routing while Redis is away (see docs/redis.md).
 * @example const state = createRedisRouterState({ redis_url: 'redis://127.0.0.1:6379' }, { createLocalState: (o) => new InMemoryRouterState(o) });
 */
export class RedisRouterState implements RouterState {
  readonly instanceId: string;
  readonly keyPrefix: string;
  readonly #ownsClient: boolean;
  readonly #options: ResolvedRouterStateOptions;
  readonly #local: LocalRouterState;
  readonly #mirror: RedisRouterMirror;
  readonly #link: RedisRouterLink;
  #sampleSequence = 0;

  constructor(init: RedisRouterStateInit) {
    const client = withRouterScripts(init.client);
    this.#ownsClient = init.ownsClient ?? true;
    this.instanceId = init.instanceId ?? randomUUID();
    this.keyPrefix = init.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.#options = resolveRouterStateOptions(init);
    // The clock is the link's (aligned to Redis); the link is made last because it starts syncing at once.
    const now = () => this.#link.now();
    this.#local = init.createLocalState({
      now,
      latencySamples: this.#options.latencySamples,
      latencyRetentionMs: this.#options.latencyRetentionMs,
    });
    this.#mirror = new RedisRouterMirror({ now, instanceId: this.instanceId });
    this.#link = new RedisRouterLink({
      client,
      keys: routerKeys(this.keyPrefix),
      keyPrefix: this.keyPrefix,
      instanceId: this.instanceId,
      target: init.target ?? 'redis',
      log: init.logger ?? defaultRedisStateLogger,
      options: this.#options,
      local: this.#local,
      mirror: this.#mirror,
    });
  }

  /** True while Redis answers; false while the state runs from local memory. */
  get connected(): boolean {
    return this.#link.client.status === 'ready' && !this.#link.degraded;
  }

  /** Waits (at most `timeoutMs`) for the connection and a first sync; resolves to `connected`. */
  async ready(timeoutMs = 1000): Promise<boolean> {
    const client = this.#link.client;
    if (client.status !== 'ready') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          client.off('ready', done);
          resolve();
        }
        client.once('ready', done);
      });
    }
    if (client.status === 'ready') await this.refresh();
    return this.connected;
  }

  async requestStarted(deploymentId: string): Promise<void> {
    this.#link.tracked.add(deploymentId);
    await this.#local.requestStarted(deploymentId);
  }

  async requestFinished(deploymentId: string): Promise<void> {
    await this.#local.requestFinished(deploymentId);
  }

  async inFlight(deploymentIds: readonly string[]): Promise<Map<string, number>> {
    await this.#link.track(deploymentIds);
    const own = await this.#local.inFlight(deploymentIds);
    const othersValid = this.#mirror.inFlightAge() < this.#options.inFlightTtlMs;
    return new Map(
      deploymentIds.map((id) => [id, (own.get(id) ?? 0) + (othersValid ? this.#mirror.othersInFlight(id) : 0)]),
    );
  }

  async reserveRequest(deploymentId: string, rpmLimit: number | undefined): Promise<boolean> {
    const link = this.#link;
    link.tracked.add(deploymentId);
    if (rpmLimit !== undefined && link.usable) {
      try {
        const sent = Date.now();
        const [reserved, count, window, redisNow] = await link.client.llmuxReserve(
          link.keys.rpmBase(deploymentId),
          rpmLimit,
          COUNTER_TTL_MS,
        );
        link.setOffset(redisNow, sent, Date.now());
        this.#mirror.applyCount(deploymentId, 'rpm', window, count);
        if (reserved === 1) this.#local.reserveNow(deploymentId, undefined);
        return reserved === 1;
      } catch (error) {
        link.markDown(error);
      }
    }
    if (rpmLimit !== undefined && this.#usageOf(deploymentId).rpm >= rpmLimit) return false;
    this.#local.reserveNow(deploymentId, undefined);
    link.queueCounter(deploymentId, 'rpm', 1);
    return true;
  }

  async addTokens(deploymentId: string, tokens: number): Promise<void> {
    if (!Number.isFinite(tokens) || tokens <= 0) return;
    this.#link.tracked.add(deploymentId);
    await this.#local.addTokens(deploymentId, tokens);
    this.#link.queueCounter(deploymentId, 'tpm', Math.round(tokens));
  }

  async usage(deploymentIds: readonly string[]): Promise<Map<string, DeploymentUsage>> {
    await this.#link.track(deploymentIds);
    return new Map(deploymentIds.map((id) => [id, this.#usageOf(id)]));
  }

  async recordLatency(deploymentId: string, latencyMs: number): Promise<void> {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    const at = this.#link.now();
    this.#local.recordSample(deploymentId, { latencyMs, at });
    this.#sampleSequence += 1;
    const member = `${this.instanceId}|${this.#sampleSequence}|${latencyMs}`;
    this.#link.queueSample({ deploymentId, member, at });
  }

  async latencies(deploymentIds: readonly string[], ttlMs: number): Promise<Map<string, LatencySample[]>> {
    const tracked = this.#link.latencyTracked;
    const fresh = deploymentIds.filter((id) => !tracked.has(id));
    for (const id of fresh) tracked.add(id);
    if (fresh.length > 0) this.#link.latencyDueNow();
    await this.#link.track(deploymentIds, fresh.length > 0);
    const own = await this.#local.latencies(deploymentIds, ttlMs);
    const since = this.#link.now() - ttlMs;
    return new Map(
      deploymentIds.map((id) => {
        const merged = [
          ...(own.get(id) ?? []),
          ...this.#mirror.otherLatencies(id).filter((sample) => sample.at >= since),
        ];
        merged.sort((a, b) => a.at - b.at);
        return [id, merged.slice(-this.#options.latencySamples)];
      }),
    );
  }

  async recordFailure(deploymentId: string, errorKind: string): Promise<number> {
    const localCount = await this.#local.recordFailure(deploymentId, errorKind);
    const link = this.#link;
    if (!link.usable) return localCount;
    const key = link.keys.failures(deploymentId, link.window());
    try {
      const results = await link.client.multi().hincrby(key, errorKind, 1).pexpire(key, COUNTER_TTL_MS).exec();
      const total = Number(results?.[0]?.[1]);
      return Number.isFinite(total) ? Math.max(total, localCount) : localCount;
    } catch (error) {
      link.markDown(error);
      return localCount;
    }
  }

  async setCooldown(deploymentId: string, seconds: number, reason: string): Promise<void> {
    if (!(seconds > 0)) return;
    const link = this.#link;
    link.tracked.add(deploymentId);
    await this.#local.setCooldown(deploymentId, seconds, reason);
    this.#mirror.applyCooldown(deploymentId, link.now() + seconds * 1000);
    if (!link.usable) return; // pushed by the resync on recovery
    try {
      await link.client.llmuxCooldown(link.keys.cooldown(deploymentId), reason, Math.round(seconds * 1000));
    } catch (error) {
      link.markDown(error);
    }
  }

  async coolingDown(deploymentIds: readonly string[]): Promise<Set<string>> {
    await this.#link.track(deploymentIds);
    // The local answer may be a shared read-only set: build a new one.
    const cooling = new Set(await this.#local.coolingDown(deploymentIds));
    for (const id of deploymentIds) if (this.#mirror.isCoolingDown(id)) cooling.add(id);
    return cooling;
  }

  /** Syncs with Redis now: publishes in-flight counts, reads usage, cooldowns and others' counts. */
  refresh(): Promise<void> {
    return this.#link.refresh();
  }

  /** Writes batched increments and samples now. */
  flush(): Promise<void> {
    return this.#link.flush();
  }

  close(): Promise<void> {
    return this.#link.close(this.#ownsClient);
  }

  #usageOf(deploymentId: string): DeploymentUsage {
    const window = this.#link.window();
    const shared = this.#mirror.usage(deploymentId, window);
    const own = this.#local.usageNow(deploymentId);
    return {
      rpm: Math.max(own.rpm, shared.rpm + this.#link.pendingFor(deploymentId, 'rpm', window)),
      tpm: Math.max(own.tpm, shared.tpm + this.#link.pendingFor(deploymentId, 'tpm', window)),
    };
  }
}

/**
 * A `RedisRouterState` on a new ioredis client for LiteLLM-style settings (see `redisSettingsFrom`).
 * @example const state = createRedisRouterState(redisSettingsFrom(config.router_settings) ?? {}, { createLocalState: (o) => new InMemoryRouterState(o) });
 */
export function createRedisRouterState(settings: RedisSettings, options: RedisRouterStateOptions): RedisRouterState {
  const client = createRedisClient(settings, options);
  return new RedisRouterState({
    ...options,
    client,
    ownsClient: true,
    target: describeRedisTarget(settings),
    keyPrefix: options.keyPrefix ?? settings.key_prefix ?? DEFAULT_KEY_PREFIX,
  });
}

export type { RedisRouterStateInit, RedisRouterStateOptions, RedisStateLogger } from './redis-router-options.js';
