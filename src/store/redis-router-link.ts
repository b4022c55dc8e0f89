import { type LocalRouterState, ROUTER_STATE_DEFAULTS } from '../spec/router-state.js';
import type { RedisRouterMirror } from './redis-router-mirror.js';
import type { RedisStateLogger, ResolvedRouterStateOptions } from './redis-router-options.js';
import {
  pushCooldowns,
  type RouterKeys,
  type RouterScriptClient,
  readShared,
  writeBatch,
} from './redis-router-sync.js';
import { RedisWriteBuffer } from './redis-write-buffer.js';

export interface RedisRouterLinkInit {
  client: RouterScriptClient;
  keys: RouterKeys;
  keyPrefix: string;
  instanceId: string;
  target: string;
  log: RedisStateLogger;
  options: ResolvedRouterStateOptions;
  local: LocalRouterState;
  mirror: RedisRouterMirror;
}

/**
 * The Redis side of the router state: connection health (degraded / recovered), the clock aligned
 * to the Redis server, batched writes and the background refresh of the local mirror.
 * `RedisRouterState` answers the router; this keeps it in step with the other processes.
 */
export class RedisRouterLink {
  readonly client: RouterScriptClient;
  readonly keys: RouterKeys;
  /** Deployments whose shared counters and cooldowns are read on every refresh. */
  readonly tracked = new Set<string>();
  /** Deployments whose others' latency samples are read (less often). */
  readonly latencyTracked = new Set<string>();
  readonly #init: RedisRouterLinkInit;
  readonly #buffer = new RedisWriteBuffer();
  #offsetMs = 0;
  #degraded = false;
  #closed = false;
  #lastLatencyRefresh = 0;
  #refreshing: Promise<void> | undefined;
  #refreshQueued: Promise<void> | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  readonly #refreshTimer: NodeJS.Timeout;

  constructor(init: RedisRouterLinkInit) {
    this.#init = init;
    this.client = init.client;
    this.keys = init.keys;
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('close', () => this.markDown(new Error('connection closed')));
    this.client.on('ready', () => void this.refresh());
    this.#refreshTimer = setInterval(() => {
      if (!this.#refreshing) void this.refresh();
    }, init.options.refreshIntervalMs);
    this.#refreshTimer.unref();
    if (this.client.status === 'ready') void this.refresh();
  }

  /** True while Redis answers and the state is open: writes go to Redis. */
  get usable(): boolean {
    return this.client.status === 'ready' && !this.#degraded && !this.#closed;
  }

  get degraded(): boolean {
    return this.#degraded;
  }

  /** Epoch ms on the Redis server's clock (as estimated at the last round trip). */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  window(): number {
    return Math.floor(this.now() / ROUTER_STATE_DEFAULTS.minuteMs);
  }

  setOffset(redisNow: number, sent: number, received: number): void {
    if (Number.isFinite(redisNow)) this.#offsetMs = redisNow - (sent + received) / 2;
  }

  /** Increments not yet written, so this process's reads include them. */
  pendingFor(deploymentId: string, field: 'rpm' | 'tpm', window: number): number {
    return this.#buffer.pendingFor(deploymentId, field, window);
  }

  queueCounter(deploymentId: string, field: 'rpm' | 'tpm', amount: number): void {
    this.#buffer.addCounter({ deploymentId, field, window: this.window(), amount });
    this.#scheduleFlush();
  }

  queueSample(sample: { deploymentId: string; member: string; at: number }): void {
    this.#buffer.addSample(sample);
    this.#scheduleFlush();
  }

  markDown(error: unknown): void {
    if (this.#degraded || this.#closed) return;
    this.#degraded = true;
    const message = error instanceof Error ? error.message : String(error);
    this.#init.log(
      'warn',
      `llmux router state: Redis at ${this.#init.target} unavailable (${message}); routing continues from this process's local state until it returns`,
    );
  }

  /** Marks the deployments read on each refresh; the first look at one waits for a sync, so a new process sees existing cooldowns. */
  async track(deploymentIds: readonly string[], forceRefresh = false): Promise<void> {
    let fresh = forceRefresh;
    for (const id of deploymentIds) {
      if (this.tracked.has(id)) continue;
      this.tracked.add(id);
      fresh = true;
    }
    if (fresh && this.usable) await this.refresh();
  }

  /** Makes the next refresh read latency samples too (a deployment was just asked about). */
  latencyDueNow(): void {
    this.#lastLatencyRefresh = 0;
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
    if (this.#buffer.size === 0 || this.client.status !== 'ready' || this.#degraded) return;
    const batch = this.#buffer.take();
    try {
      const totals = await writeBatch({
        client: this.client,
        keys: this.keys,
        batch,
        now: this.now(),
        latencySamples: this.#init.options.latencySamples,
        latencyRetentionMs: this.#init.options.latencyRetentionMs,
      });
      batch.counters.forEach((delta, index) => {
        this.#init.mirror.applyCount(delta.deploymentId, delta.field, delta.window, totals[index] ?? Number.NaN);
      });
      this.#buffer.settle(batch, true, this.window());
    } catch (error) {
      this.#buffer.settle(batch, false, this.window());
      this.markDown(error);
    }
  }

  /** Stops the timers, writes what is pending and withdraws this instance's in-flight counts. */
  async close(ownsClient: boolean): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#refreshTimer);
    await this.#refreshing;
    this.#closed = true;
    if (this.client.status === 'ready') {
      await this.flush();
      await this.client
        .multi()
        .del(this.keys.inFlight(this.#init.instanceId))
        .zrem(this.keys.instances, this.#init.instanceId)
        .exec()
        .catch(() => undefined);
    }
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (!ownsClient) return;
    const quit = this.client.quit().catch(() => undefined);
    const timeout = new Promise((resolve) => setTimeout(resolve, 500).unref());
    await Promise.race([quit, timeout]);
    this.client.disconnect();
  }

  #scheduleFlush(): void {
    if (this.#closed) return;
    if (this.#buffer.size >= this.#init.options.flushMaxOps) void this.flush();
    else if (!this.#flushTimer) {
      this.#flushTimer = setTimeout(() => void this.flush(), this.#init.options.flushIntervalMs);
      this.#flushTimer.unref();
    }
  }

  async #sync(): Promise<void> {
    if (this.client.status !== 'ready' || this.#closed) return;
    const { options, mirror, local } = this.#init;
    const deployments = [...this.tracked];
    const window = this.window();
    const latencyDue = Date.now() - this.#lastLatencyRefresh >= options.latencyRefreshIntervalMs;
    const latencyDeployments = latencyDue ? [...this.latencyTracked] : [];
    try {
      const snapshot = await readShared({
        client: this.client,
        keys: this.keys,
        prefix: this.#init.keyPrefix,
        instanceId: this.#init.instanceId,
        inFlightTtlMs: options.inFlightTtlMs,
        ownInFlight: local.inFlightCounts(),
        deployments,
        latencyDeployments,
        window,
        latencySince: this.now() - options.latencyRetentionMs,
      });
      this.setOffset(snapshot.redisNow, snapshot.sent, snapshot.received);
      mirror.applyInFlight(
        deployments,
        snapshot.deployments.map((shared) => shared.othersInFlight),
      );
      deployments.forEach((id, index) => {
        const shared = snapshot.deployments[index];
        if (!shared) return;
        mirror.applyCount(id, 'rpm', window, shared.rpm);
        mirror.applyCount(id, 'tpm', window, shared.tpm);
        mirror.applyCooldownTtl(id, shared.cooldownTtlMs);
      });
      latencyDeployments.forEach((id, index) => {
        mirror.applyLatencies(id, snapshot.latencies[index] ?? []);
      });
      if (latencyDue) this.#lastLatencyRefresh = snapshot.received;
      if (this.#degraded) await this.#recover();
    } catch (error) {
      this.markDown(error);
    }
  }

  async #recover(): Promise<void> {
    this.#degraded = false;
    this.#init.log('info', `llmux router state: Redis at ${this.#init.target} is back; resyncing`);
    const now = this.now();
    const cooldowns = this.#init.local
      .activeCooldowns()
      .map((cooldown) => ({ ...cooldown, remainingMs: cooldown.until - now }));
    await pushCooldowns(this.client, this.keys, cooldowns);
    await this.flush();
  }
}
