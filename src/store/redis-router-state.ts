import { randomUUID } from 'node:crypto';
import type { DeploymentUsage, LatencySample, RouterState } from '../spec/router-state.js';
import { LocalRouterState, MINUTE_MS } from './local-router-state.js';
import { createRedisClient, DEFAULT_KEY_PREFIX, describeRedisTarget, type RedisSettings } from './redis-connection.js';
import { RedisRouterMirror } from './redis-router-mirror.js';
import {
  defaultRedisStateLogger,
  type RedisRouterStateInit,
  type RedisRouterStateOptions,
  type RedisStateLogger,
  type ResolvedRouterStateOptions,
  resolveRouterStateOptions,
} from './redis-router-options.js';
import {
  COUNTER_TTL_MS,
  pushCooldowns,
  type RouterKeys,
  type RouterScriptClient,
  readShared,
  routerKeys,
  withRouterScripts,
  writeBatch,
} from './redis-router-sync.js';
import { RedisWriteBuffer } from './redis-write-buffer.js';

/**
 * `RouterState` shared through Redis, for several proxy processes or machines. Routing reads come
 * from a local mirror refreshed in the background; `reserveRequest` with a limit is one atomic Lua
 * call; other writes are batched. Without Redis it carries on from local state (see docs/redis.md).
 * @example const state = createRedisRouterState({ redis_url: 'redis://127.0.0.1:6379' });
 */
export class RedisRouterState implements RouterState {
  readonly instanceId: string;
  readonly keyPrefix: string;
  readonly #client: RouterScriptClient;
  readonly #keys: RouterKeys;
  readonly #ownsClient: boolean;
  readonly #target: string;
  readonly #log: RedisStateLogger;
  readonly #options: ResolvedRouterStateOptions;
  readonly #local: LocalRouterState;
  readonly #buffer = new RedisWriteBuffer();
  readonly #mirror: RedisRouterMirror;
  readonly #tracked = new Set<string>();
  readonly #latencyTracked = new Set<string>();
  #offsetMs = 0;
  #degraded = false;
  #closed = false;
  #sampleSequence = 0;
  #lastLatencyRefresh = 0;
  #refreshing: Promise<void> | undefined;
  #refreshQueued: Promise<void> | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  readonly #refreshTimer: NodeJS.Timeout;

  constructor(init: RedisRouterStateInit) {
    this.#client = withRouterScripts(init.client);
    this.#ownsClient = init.ownsClient ?? true;
    this.#target = init.target ?? 'redis';
    this.#log = init.logger ?? defaultRedisStateLogger;
    this.instanceId = init.instanceId ?? randomUUID();
    this.keyPrefix = init.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.#keys = routerKeys(this.keyPrefix);
    this.#options = resolveRouterStateOptions(init);
    const now = () => this.#now();
    this.#local = new LocalRouterState({
      now,
      latencySamples: this.#options.latencySamples,
      latencyRetentionMs: this.#options.latencyRetentionMs,
    });
    this.#mirror = new RedisRouterMirror({ now, instanceId: this.instanceId });
    this.#client.on('error', (error: Error) => this.#markDown(error));
    this.#client.on('close', () => this.#markDown(new Error('connection closed')));
    this.#client.on('ready', () => void this.refresh());
    this.#refreshTimer = setInterval(() => {
      if (!this.#refreshing) void this.refresh();
    }, this.#options.refreshIntervalMs);
    this.#refreshTimer.unref();
    if (this.#client.status === 'ready') void this.refresh();
  }

  /** True while Redis answers; false while the state runs from local memory. */
  get connected(): boolean {
    return this.#client.status === 'ready' && !this.#degraded;
  }

  /** Waits (at most `timeoutMs`) for the connection and a first sync; resolves to `connected`. */
  async ready(timeoutMs = 1000): Promise<boolean> {
    if (this.#client.status !== 'ready') {
      const client = this.#client;
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
    if (this.#client.status === 'ready') await this.refresh();
    return this.connected;
  }

  async requestStarted(deploymentId: string): Promise<void> {
    this.#tracked.add(deploymentId);
    await this.#local.requestStarted(deploymentId);
  }

  async requestFinished(deploymentId: string): Promise<void> {
    await this.#local.requestFinished(deploymentId);
  }

  async inFlight(deploymentIds: readonly string[]): Promise<Map<string, number>> {
    await this.#track(deploymentIds);
    const own = await this.#local.inFlight(deploymentIds);
    const othersValid = this.#mirror.inFlightAge() < this.#options.inFlightTtlMs;
    return new Map(
      deploymentIds.map((id) => [id, (own.get(id) ?? 0) + (othersValid ? this.#mirror.othersInFlight(id) : 0)]),
    );
  }

  async reserveRequest(deploymentId: string, rpmLimit: number | undefined): Promise<boolean> {
    this.#tracked.add(deploymentId);
    if (rpmLimit !== undefined && this.connected && !this.#closed) {
      try {
        const sent = Date.now();
        const [reserved, count, window, redisNow] = await this.#client.llmuxReserve(
          this.#keys.rpmBase(deploymentId),
          rpmLimit,
          COUNTER_TTL_MS,
        );
        this.#setOffset(redisNow, sent, Date.now());
        this.#mirror.applyCount(deploymentId, 'rpm', window, count);
        if (reserved === 1) this.#local.reserveNow(deploymentId, undefined);
        return reserved === 1;
      } catch (error) {
        this.#markDown(error);
      }
    }
    if (rpmLimit !== undefined && this.#usageOf(deploymentId).rpm >= rpmLimit) return false;
    this.#local.reserveNow(deploymentId, undefined);
    this.#queueCounter(deploymentId, 'rpm', 1);
    return true;
  }

  async addTokens(deploymentId: string, tokens: number): Promise<void> {
    if (!Number.isFinite(tokens) || tokens <= 0) return;
    this.#tracked.add(deploymentId);
    await this.#local.addTokens(deploymentId, tokens);
    this.#queueCounter(deploymentId, 'tpm', Math.round(tokens));
  }

  async usage(deploymentIds: readonly string[]): Promise<Map<string, DeploymentUsage>> {
    await this.#track(deploymentIds);
    return new Map(deploymentIds.map((id) => [id, this.#usageOf(id)]));
  }

  async recordLatency(deploymentId: string, latencyMs: number): Promise<void> {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    const at = this.#now();
    this.#local.recordSample(deploymentId, { latencyMs, at });
    this.#sampleSequence += 1;
    const member = `${this.instanceId}|${this.#sampleSequence}|${latencyMs}`;
    this.#buffer.addSample({ deploymentId, member, at });
    this.#scheduleFlush();
  }

  async latencies(deploymentIds: readonly string[], ttlMs: number): Promise<Map<string, LatencySample[]>> {
    const fresh = deploymentIds.filter((id) => !this.#latencyTracked.has(id));
    for (const id of fresh) this.#latencyTracked.add(id);
    if (fresh.length > 0) this.#lastLatencyRefresh = 0;
    await this.#track(deploymentIds, fresh.length > 0);
    const own = await this.#local.latencies(deploymentIds, ttlMs);
    const since = this.#now() - ttlMs;
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
    if (!this.connected || this.#closed) return localCount;
    const key = this.#keys.failures(deploymentId, this.#window());
    try {
      const results = await this.#client.multi().hincrby(key, errorKind, 1).pexpire(key, COUNTER_TTL_MS).exec();
      const total = Number(results?.[0]?.[1]);
      return Number.isFinite(total) ? Math.max(total, localCount) : localCount;
    } catch (error) {
      this.#markDown(error);
      return localCount;
    }
  }

  async setCooldown(deploymentId: string, seconds: number, reason: string): Promise<void> {
    if (!(seconds > 0)) return;
    this.#tracked.add(deploymentId);
    await this.#local.setCooldown(deploymentId, seconds, reason);
    this.#mirror.applyCooldown(deploymentId, this.#now() + seconds * 1000);
    if (!this.connected || this.#closed) return; // pushed by the resync on recovery
    try {
      await this.#client.llmuxCooldown(this.#keys.cooldown(deploymentId), reason, Math.round(seconds * 1000));
    } catch (error) {
      this.#markDown(error);
    }
  }

  async coolingDown(deploymentIds: readonly string[]): Promise<Set<string>> {
    await this.#track(deploymentIds);
    const cooling = await this.#local.coolingDown(deploymentIds);
    for (const id of deploymentIds) if (this.#mirror.isCoolingDown(id)) cooling.add(id);
    return cooling;
  }

  /** Syncs with Redis now: publishes in-flight counts, reads usage, cooldowns and others' counts. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshQueued ??= this.#refreshing.then(() => {
        this.#refreshQueued = undefined;
        return this.refresh();
      });
      return this.#refreshQueued;
    }
    this.#refreshing = this.#sync().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Writes batched increments and samples now. */
  async flush(): Promise<void> {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#buffer.size === 0 || !this.connected) return;
    const batch = this.#buffer.take();
    try {
      const totals = await writeBatch({
        client: this.#client,
        keys: this.#keys,
        batch,
        now: this.#now(),
        latencySamples: this.#options.latencySamples,
        latencyRetentionMs: this.#options.latencyRetentionMs,
      });
      batch.counters.forEach((delta, index) => {
        this.#mirror.applyCount(delta.deploymentId, delta.field, delta.window, totals[index] ?? Number.NaN);
      });
      this.#buffer.settle(batch, true, this.#window());
    } catch (error) {
      this.#buffer.settle(batch, false, this.#window());
      this.#markDown(error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#refreshTimer);
    await this.#refreshing;
    this.#closed = true;
    if (this.#client.status === 'ready') {
      await this.flush();
      await this.#client
        .multi()
        .del(this.#keys.inFlight(this.instanceId))
        .zrem(this.#keys.instances, this.instanceId)
        .exec()
        .catch(() => undefined);
    }
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (!this.#ownsClient) return;
    const quit = this.#client.quit().catch(() => undefined);
    const timeout = new Promise((resolve) => setTimeout(resolve, 500).unref());
    await Promise.race([quit, timeout]);
    this.#client.disconnect();
  }

  async #sync(): Promise<void> {
    if (this.#client.status !== 'ready' || this.#closed) return;
    const deployments = [...this.#tracked];
    const window = this.#window();
    const latencyDue = Date.now() - this.#lastLatencyRefresh >= this.#options.latencyRefreshIntervalMs;
    const latencyDeployments = latencyDue ? [...this.#latencyTracked] : [];
    try {
      const snapshot = await readShared({
        client: this.#client,
        keys: this.#keys,
        prefix: this.keyPrefix,
        instanceId: this.instanceId,
        inFlightTtlMs: this.#options.inFlightTtlMs,
        ownInFlight: this.#local.inFlightCounts(),
        deployments,
        latencyDeployments,
        window,
        latencySince: this.#now() - this.#options.latencyRetentionMs,
      });
      this.#setOffset(snapshot.redisNow, snapshot.sent, snapshot.received);
      this.#mirror.applyInFlight(
        deployments,
        snapshot.deployments.map((shared) => shared.othersInFlight),
      );
      deployments.forEach((id, index) => {
        const shared = snapshot.deployments[index];
        if (!shared) return;
        this.#mirror.applyCount(id, 'rpm', window, shared.rpm);
        this.#mirror.applyCount(id, 'tpm', window, shared.tpm);
        this.#mirror.applyCooldownTtl(id, shared.cooldownTtlMs);
      });
      latencyDeployments.forEach((id, index) => {
        this.#mirror.applyLatencies(id, snapshot.latencies[index] ?? []);
      });
      if (latencyDue) this.#lastLatencyRefresh = snapshot.received;
      if (this.#degraded) await this.#recover();
    } catch (error) {
      this.#markDown(error);
    }
  }

  async #recover(): Promise<void> {
    this.#degraded = false;
    this.#log('info', `llmux router state: Redis at ${this.#target} is back; resyncing`);
    const now = this.#now();
    const cooldowns = this.#local
      .activeCooldowns()
      .map((cooldown) => ({ ...cooldown, remainingMs: cooldown.until - now }));
    await pushCooldowns(this.#client, this.#keys, cooldowns);
    await this.flush();
  }

  #markDown(error: unknown): void {
    if (this.#degraded || this.#closed) return;
    this.#degraded = true;
    const message = error instanceof Error ? error.message : String(error);
    this.#log(
      'warn',
      `llmux router state: Redis at ${this.#target} unavailable (${message}); routing continues from this process's local state until it returns`,
    );
  }

  async #track(deploymentIds: readonly string[], forceRefresh = false): Promise<void> {
    let fresh = forceRefresh;
    for (const id of deploymentIds) {
      if (this.#tracked.has(id)) continue;
      this.#tracked.add(id);
      fresh = true;
    }
    // The first look at a deployment waits for one sync, so a new process sees existing cooldowns.
    if (fresh && this.connected && !this.#closed) await this.refresh();
  }

  #usageOf(deploymentId: string): DeploymentUsage {
    const window = this.#window();
    const shared = this.#mirror.usage(deploymentId, window);
    const own = this.#local.usageNow(deploymentId);
    return {
      rpm: Math.max(own.rpm, shared.rpm + this.#buffer.pendingFor(deploymentId, 'rpm', window)),
      tpm: Math.max(own.tpm, shared.tpm + this.#buffer.pendingFor(deploymentId, 'tpm', window)),
    };
  }

  #queueCounter(deploymentId: string, field: 'rpm' | 'tpm', amount: number): void {
    this.#buffer.addCounter({ deploymentId, field, window: this.#window(), amount });
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#closed) return;
    if (this.#buffer.size >= this.#options.flushMaxOps) void this.flush();
    else if (!this.#flushTimer) {
      this.#flushTimer = setTimeout(() => void this.flush(), this.#options.flushIntervalMs);
      this.#flushTimer.unref();
    }
  }

  /** Epoch ms on the Redis server's clock (as estimated at the last round trip). */
  #now(): number {
    return Date.now() + this.#offsetMs;
  }

  #window(): number {
    return Math.floor(this.#now() / MINUTE_MS);
  }

  #setOffset(redisNow: number, sent: number, received: number): void {
    if (Number.isFinite(redisNow)) this.#offsetMs = redisNow - (sent + received) / 2;
  }
}

/**
 * A `RedisRouterState` on a new ioredis client for LiteLLM-style settings (see `redisSettingsFrom`).
 * @example const state = createRedisRouterState(redisSettingsFrom(config.router_settings) ?? {});
 */
export function createRedisRouterState(
  settings: RedisSettings,
  options: RedisRouterStateOptions = {},
): RedisRouterState {
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
