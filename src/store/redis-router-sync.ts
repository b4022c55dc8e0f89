import type { ChainableCommander, Redis } from 'ioredis';
import { ROUTER_SCRIPTS } from './redis-router-scripts.js';
import type { PendingSample, WriteBatch } from './redis-write-buffer.js';

/** How long minute counters live: the window plus slack for clocks and late readers. */
export const COUNTER_TTL_MS = 120_000;

/** Every key the router state writes, under one prefix. */
export function routerKeys(prefix: string) {
  return {
    rpmBase: (id: string) => `${prefix}rpm:${id}:`,
    counter: (field: 'rpm' | 'tpm', id: string, window: number) => `${prefix}${field}:${id}:${window}`,
    failures: (id: string, window: number) => `${prefix}failures:${id}:${window}`,
    cooldown: (id: string) => `${prefix}cooldown:${id}`,
    latency: (id: string) => `${prefix}latency:${id}`,
    inFlight: (instanceId: string) => `${prefix}inflight:${instanceId}`,
    instances: `${prefix}instances`,
  };
}
export type RouterKeys = ReturnType<typeof routerKeys>;

type ScriptPipeline = ChainableCommander & {
  llmuxCooldown(key: string, reason: string, ms: number): ChainableCommander;
  llmuxInFlightSync(...args: (string | number)[]): ChainableCommander;
};
export type RouterScriptClient = Redis & {
  llmuxReserve(key: string, limit: number, ttlMs: number): Promise<[number, number, number, number]>;
  llmuxCooldown(key: string, reason: string, ms: number): Promise<number>;
};

/** Registers the Lua scripts as commands (ioredis sends EVALSHA, loading them when Redis lacks them). */
export function withRouterScripts(client: Redis): RouterScriptClient {
  client.defineCommand('llmuxReserve', { numberOfKeys: 1, lua: ROUTER_SCRIPTS.reserve });
  client.defineCommand('llmuxCooldown', { numberOfKeys: 1, lua: ROUTER_SCRIPTS.cooldown });
  client.defineCommand('llmuxInFlightSync', { numberOfKeys: 0, lua: ROUTER_SCRIPTS.inFlightSync });
  return client as RouterScriptClient;
}

async function run(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (!results) throw new Error('Redis pipeline aborted');
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return results.map(([, value]) => value);
}

/**
 * Writes a batch in one MULTI (all or nothing, so a failed batch can be queued again without
 * double counting); resolves to each counter's new total, in batch order.
 */
export async function writeBatch(options: {
  client: Redis;
  keys: RouterKeys;
  batch: WriteBatch;
  now: number;
  latencySamples: number;
  latencyRetentionMs: number;
}): Promise<number[]> {
  const { client, keys, batch } = options;
  const multi = client.multi();
  for (const delta of batch.counters) {
    const key = keys.counter(delta.field, delta.deploymentId, delta.window);
    multi.incrby(key, delta.amount).pexpire(key, COUNTER_TTL_MS);
  }
  const byDeployment = new Map<string, PendingSample[]>();
  for (const sample of batch.samples) {
    const samples = byDeployment.get(sample.deploymentId) ?? [];
    samples.push(sample);
    byDeployment.set(sample.deploymentId, samples);
  }
  for (const [deploymentId, samples] of byDeployment) {
    const key = keys.latency(deploymentId);
    multi.zadd(key, ...samples.flatMap((sample) => [sample.at, sample.member]));
    multi.zremrangebyscore(key, '-inf', options.now - options.latencyRetentionMs);
    multi.zremrangebyrank(key, 0, -(options.latencySamples + 1));
    multi.pexpire(key, options.latencyRetentionMs);
  }
  const values = await run(multi);
  return batch.counters.map((_, index) => Number(values[index * 2]));
}

export interface SharedSnapshot {
  /** Redis clock at the in-flight script, and the local send / receive times around it. */
  redisNow: number;
  sent: number;
  received: number;
  /** Per deployment asked: other instances' in-flight sum, minute rpm and tpm, cooldown PTTL. */
  deployments: { othersInFlight: number; rpm: number; tpm: number; cooldownTtlMs: number }[];
  /** Per latency deployment asked: the raw `ZRANGEBYSCORE … WITHSCORES` reply. */
  latencies: string[][];
}

/** One round trip: publishes this instance's in-flight counts and reads what routing needs. */
export async function readShared(options: {
  client: RouterScriptClient;
  keys: RouterKeys;
  prefix: string;
  instanceId: string;
  inFlightTtlMs: number;
  ownInFlight: ReadonlyMap<string, number>;
  deployments: readonly string[];
  latencyDeployments: readonly string[];
  window: number;
  latencySince: number;
}): Promise<SharedSnapshot> {
  const { keys, deployments, window } = options;
  const own = [...options.ownInFlight].flat();
  const pipeline = options.client.pipeline() as ScriptPipeline;
  pipeline.llmuxInFlightSync(
    options.prefix,
    options.instanceId,
    options.inFlightTtlMs,
    own.length / 2,
    ...own,
    ...deployments,
  );
  for (const id of deployments) {
    pipeline
      .get(keys.counter('rpm', id, window))
      .get(keys.counter('tpm', id, window))
      .pttl(keys.cooldown(id));
  }
  for (const id of options.latencyDeployments) {
    pipeline.zrangebyscore(keys.latency(id), options.latencySince, '+inf', 'WITHSCORES');
  }
  const sent = Date.now();
  const values = await run(pipeline);
  const received = Date.now();
  const inFlight = (values[0] as number[]).map(Number);
  return {
    redisNow: inFlight[0] ?? Number.NaN,
    sent,
    received,
    deployments: deployments.map((_, index) => ({
      othersInFlight: inFlight[index + 1] ?? 0,
      rpm: Number(values[1 + index * 3] ?? 0),
      tpm: Number(values[2 + index * 3] ?? 0),
      cooldownTtlMs: Number(values[3 + index * 3]),
    })),
    latencies: options.latencyDeployments.map(
      (_, index) => (values[1 + deployments.length * 3 + index] as string[] | undefined) ?? [],
    ),
  };
}

/** Pushes cooldowns this process set while Redis was away (a longer one already there is kept). */
export async function pushCooldowns(
  client: RouterScriptClient,
  keys: RouterKeys,
  cooldowns: readonly { deploymentId: string; reason: string; remainingMs: number }[],
): Promise<void> {
  if (cooldowns.length === 0) return;
  const pipeline = client.pipeline() as ScriptPipeline;
  for (const cooldown of cooldowns) {
    pipeline.llmuxCooldown(keys.cooldown(cooldown.deploymentId), cooldown.reason, Math.ceil(cooldown.remainingMs));
  }
  await run(pipeline);
}
