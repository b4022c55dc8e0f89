import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { awayFromMinuteEnd } from '../../test-support/minute-window.js';
import { requireService } from '../../test-support/service-gate.js';
import { InMemoryRouterState } from '../router/in-memory-router-state.js';
import {
  closedPort,
  deleteKeys,
  REDIS_URL,
  RedisRelay,
  redisAnswers,
  uniquePrefix,
  waitFor,
} from './__fixtures__/redis-test-support.js';
import { createRedisClient } from './redis-connection.js';
import { createRedisRouterState, RedisRouterState, type RedisRouterStateOptions } from './redis-router-state.js';

const skip = requireService({
  service: 'Redis',
  available: await redisAnswers(1000),
  reason: `not reachable at ${REDIS_URL} (set LLMUX_TEST_REDIS_URL, or start one; CI does)`,
});
const here = dirname(fileURLToPath(import.meta.url));

const opened: RedisRouterState[] = [];
const prefixes: string[] = [];
after(async () => {
  await Promise.all(opened.map((state) => state.close()));
  if (!skip) await Promise.all(prefixes.map(deleteKeys));
});

function prefix(): string {
  const value = uniquePrefix();
  prefixes.push(value);
  return value;
}

type TestOptions = Partial<RedisRouterStateOptions>;
const createLocalState: RedisRouterStateOptions['createLocalState'] = (options) => new InMemoryRouterState(options);

function open(keyPrefix: string, options: TestOptions & { url?: string } = {}): RedisRouterState {
  const state = createRedisRouterState(
    { redis_url: options.url ?? REDIS_URL, key_prefix: keyPrefix },
    { logger: () => {}, refreshIntervalMs: 50, createLocalState, ...options },
  );
  opened.push(state);
  return state;
}

async function pair(options: TestOptions = {}): Promise<[RedisRouterState, RedisRouterState, string]> {
  const keyPrefix = prefix();
  const first = open(keyPrefix, options);
  const second = open(keyPrefix, options);
  assert.equal(await first.ready(), true);
  assert.equal(await second.ready(), true);
  return [first, second, keyPrefix];
}

describe('RedisRouterState against a real Redis', { skip }, () => {
  // Several cases count against rpm limits across seconds on the real clock: none starts near a minute's end.
  beforeEach(() => awayFromMinuteEnd());

  test('cooldowns set by one instance are seen by another, within the refresh interval', async () => {
    const [first, second] = await pair();
    await first.setCooldown('east', 5, 'RateLimitError');
    // First look at a deployment waits for one sync.
    assert.deepEqual(await second.coolingDown(['east', 'west']), new Set(['east']));
    await first.setCooldown('west', 5, 'Timeout');
    // 'west' was looked at already: only the periodic refresh can bring the new cooldown (no bound on
    // how soon: a loaded machine delays timers).
    await waitFor(async () => (await second.coolingDown(['west'])).has('west'), 10_000);
  });

  test('a cooldown ends on time on both instances', async () => {
    const [first, second] = await pair();
    await first.setCooldown('east', 1, 'RateLimitError');
    assert.equal((await second.coolingDown(['east'])).has('east'), true);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    assert.equal((await first.coolingDown(['east'])).size, 0);
    assert.equal((await second.coolingDown(['east'])).size, 0);
  });

  test('a shorter cooldown does not cut a longer one short', async () => {
    const [first, second] = await pair();
    await first.setCooldown('east', 10, 'long');
    await second.setCooldown('east', 0.1, 'short');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.refresh();
    assert.equal((await first.coolingDown(['east'])).has('east'), true);
  });

  test('usage (rpm and tpm) adds up across instances', async () => {
    const [first, second] = await pair();
    for (let index = 0; index < 3; index += 1) assert.equal(await first.reserveRequest('east', undefined), true);
    await first.addTokens('east', 120);
    await second.reserveRequest('east', undefined);
    await second.addTokens('east', 30);
    // Own writes are visible at once, before any flush.
    assert.deepEqual((await first.usage(['east'])).get('east'), { rpm: 3, tpm: 120 });
    await waitFor(async () => {
      const [a, b] = [(await first.usage(['east'])).get('east'), (await second.usage(['east'])).get('east')];
      return a?.rpm === 4 && a.tpm === 150 && b?.rpm === 4 && b.tpm === 150;
    }, 10_000);
    assert.deepEqual((await second.usage(['missing'])).get('missing'), { rpm: 0, tpm: 0 });
  });

  test('reserveRequest never lets two instances exceed the rpm limit together', async () => {
    const [first, second, keyPrefix] = await pair();
    const attempts = Array.from({ length: 50 }, (_, index) =>
      (index % 2 === 0 ? first : second).reserveRequest('east', 10),
    );
    const results = await Promise.all(attempts);
    assert.equal(results.filter(Boolean).length, 10);
    assert.equal(await second.reserveRequest('east', 10), false);
    await Promise.all([first.refresh(), second.refresh()]);
    assert.equal((await first.usage(['east'])).get('east')?.rpm, 10);
    assert.equal((await second.usage(['east'])).get('east')?.rpm, 10);
    const raw = new Redis(REDIS_URL);
    try {
      const keys = await raw.keys(`${keyPrefix}rpm:east:*`);
      assert.equal(keys.length, 1);
      assert.equal(await raw.get(keys[0]!), '10');
    } finally {
      raw.disconnect();
    }
  });

  test('minute counters carry an expiry and counting starts over once they expire', async () => {
    const [first, second, keyPrefix] = await pair();
    assert.equal(await first.reserveRequest('east', 2), true);
    assert.equal(await second.reserveRequest('east', 2), true);
    assert.equal(await first.reserveRequest('east', 2), false);
    await first.addTokens('east', 10);
    await first.flush();
    const raw = new Redis(REDIS_URL);
    try {
      const keys = [...(await raw.keys(`${keyPrefix}rpm:*`)), ...(await raw.keys(`${keyPrefix}tpm:*`))];
      assert.equal(keys.length, 2);
      for (const key of keys) {
        const ttl = await raw.pttl(key);
        assert.ok(ttl > 60_000 && ttl <= 120_000, `${key} expires in ${ttl} ms`);
        await raw.pexpire(key, 1); // what the end of the window does, sooner
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await second.reserveRequest('east', 2), true);
    } finally {
      raw.disconnect();
    }
  });

  test('in-flight counts add up across instances and never go negative', async () => {
    const [first, second] = await pair();
    await first.requestFinished('east');
    for (let index = 0; index < 3; index += 1) await first.requestStarted('east');
    await second.requestStarted('east');
    assert.equal((await first.inFlight(['east'])).get('east'), 3);
    await Promise.all([first.refresh(), second.refresh()]);
    await Promise.all([first.refresh(), second.refresh()]);
    assert.equal((await first.inFlight(['east'])).get('east'), 4);
    assert.equal((await second.inFlight(['east'])).get('east'), 4);
    for (let index = 0; index < 4; index += 1) await first.requestFinished('east');
    await first.refresh();
    await second.refresh();
    assert.equal((await second.inFlight(['east'])).get('east'), 1);
    assert.equal((await first.inFlight(['east'])).get('east'), 1);
  });

  test("a crashed process's in-flight counts expire", async () => {
    const keyPrefix = prefix();
    const client = createRedisClient({ redis_url: REDIS_URL });
    // A TTL long beside timer delays on a loaded machine, so "not dropped at once" has a wide margin.
    const crashing = new RedisRouterState({
      client,
      keyPrefix,
      inFlightTtlMs: 2000,
      logger: () => {},
      createLocalState,
    });
    opened.push(crashing);
    const survivor = open(keyPrefix, { inFlightTtlMs: 2000 });
    assert.equal(await crashing.ready(), true);
    assert.equal(await survivor.ready(), true);
    await crashing.requestStarted('east');
    await crashing.requestStarted('east');
    await crashing.refresh();
    await survivor.refresh();
    assert.equal((await survivor.inFlight(['east'])).get('east'), 2);
    client.disconnect(); // as a killed process: nothing cleaned up, nothing refreshed
    const delay = await waitFor(async () => (await survivor.inFlight(['east'])).get('east') === 0, 15_000);
    assert.ok(delay >= 1000, `gone after ${delay} ms: the crashed instance's count lasts until its TTL`);
  });

  test('latency samples from both instances, newest last, filtered by ttl', async () => {
    const [first, second] = await pair({ latencyRefreshIntervalMs: 0 });
    await first.recordLatency('east', 100);
    await second.recordLatency('east', 50);
    await first.recordLatency('east', 200);
    await Promise.all([first.flush(), second.flush()]);
    await Promise.all([first.refresh(), second.refresh()]);
    await first.latencies(['east'], 60_000);
    await first.refresh();
    const samples = (await first.latencies(['east'], 60_000)).get('east') ?? [];
    assert.deepEqual(samples.map((sample) => sample.latencyMs).sort(), [100, 200, 50].sort());
    assert.deepEqual(
      samples.map((sample) => sample.at),
      [...samples.map((sample) => sample.at)].sort((a, b) => a - b),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual((await first.latencies(['east'], 10)).get('east'), []);
  });

  test('failures in a minute are counted across instances, per error kind', async () => {
    const [first, second] = await pair();
    assert.equal(await first.recordFailure('east', '*'), 1);
    assert.equal(await second.recordFailure('east', '*'), 2);
    assert.equal(await first.recordFailure('east', '*'), 3);
    // Counted per kind, as the router compares each kind with its own allowance.
    assert.equal(await second.recordFailure('east', 'RateLimitError'), 1);
    assert.equal(await second.recordFailure('west', '*'), 1);
  });

  test('with Redis unreachable, every method resolves quickly from local state and logs once', async () => {
    const warnings: string[] = [];
    const state = open(prefix(), {
      url: `redis://127.0.0.1:${await closedPort()}`,
      // Any call waiting on Redis would take this long: "quickly" below has a wide margin.
      commandTimeoutMs: 30_000,
      logger: (level, message) => warnings.push(`${level}: ${message}`),
    });
    assert.equal(await state.ready(200), false);
    const started = Date.now();
    await state.requestStarted('east');
    assert.equal((await state.inFlight(['east'])).get('east'), 1);
    await state.requestFinished('east');
    assert.equal(await state.reserveRequest('east', 2), true);
    assert.equal(await state.reserveRequest('east', 2), true);
    assert.equal(await state.reserveRequest('east', 2), false);
    await state.addTokens('east', 10);
    assert.deepEqual((await state.usage(['east'])).get('east'), { rpm: 2, tpm: 10 });
    await state.recordLatency('east', 42);
    assert.equal((await state.latencies(['east'], 60_000)).get('east')?.[0]?.latencyMs, 42);
    assert.equal(await state.recordFailure('east', 'Timeout'), 1);
    await state.setCooldown('east', 5, 'Timeout');
    assert.deepEqual(await state.coolingDown(['east', 'west']), new Set(['east']));
    await state.flush();
    await state.refresh();
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // several reconnect attempts
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /^warn: .*unavailable/);
    await state.close();
  });

  test('after an outage, it resyncs: cooldowns and counts made meanwhile reach the other instance', async () => {
    const keyPrefix = prefix();
    const relay = new RedisRelay();
    await relay.start();
    const logs: string[] = [];
    const flaky = open(keyPrefix, {
      url: `redis://127.0.0.1:${relay.port}`,
      maxReconnectDelayMs: 100,
      commandTimeoutMs: 30_000,
      logger: (level) => logs.push(level),
    });
    const steady = open(keyPrefix);
    assert.equal(await flaky.ready(), true);
    assert.equal(await steady.ready(), true);
    await steady.setCooldown('west', 30, 'RateLimitError');
    await flaky.coolingDown(['west']);

    await relay.cut();
    await waitFor(async () => !flaky.connected, 10_000);
    const started = Date.now();
    await flaky.setCooldown('east', 30, 'Timeout');
    assert.equal(await flaky.reserveRequest('east', undefined), true);
    assert.equal(await flaky.reserveRequest('east', undefined), true);
    // Cooldowns learnt before the outage still hold.
    assert.deepEqual(await flaky.coolingDown(['east', 'west']), new Set(['east', 'west']));
    assert.ok(Date.now() - started < 10_000, 'answered locally, not after a 30 s command timeout');
    assert.equal((await steady.coolingDown(['east'])).size, 0);

    await relay.restore();
    await waitFor(async () => flaky.connected, 10_000);
    await waitFor(async () => (await steady.coolingDown(['east'])).has('east'), 10_000);
    await waitFor(async () => (await steady.usage(['east'])).get('east')?.rpm === 2, 10_000);
    assert.deepEqual(logs.slice(0, 2), ['warn', 'info']);
    await relay.cut();
  });

  test('a hung Redis costs one command timeout, then local state until it answers again', async () => {
    const keyPrefix = prefix();
    const relay = new RedisRelay();
    await relay.start();
    const logs: string[] = [];
    const hung = open(keyPrefix, {
      url: `redis://127.0.0.1:${relay.port}`,
      // Long enough that one wait on the hung connection stands out from local answers (a few ms).
      commandTimeoutMs: 1500,
      logger: (level) => logs.push(level),
    });
    assert.equal(await hung.ready(), true);
    assert.equal(await hung.reserveRequest('east', 3), true);
    relay.pause();
    let started = Date.now();
    assert.equal(await hung.reserveRequest('east', 3), true); // times out, then decides locally
    assert.ok(Date.now() - started < 15_000, `first call took ${Date.now() - started} ms`);
    started = Date.now();
    assert.equal(await hung.reserveRequest('east', 3), true);
    assert.equal(await hung.reserveRequest('east', 3), false);
    await hung.setCooldown('east', 5, 'Timeout');
    assert.equal(await hung.recordFailure('east', 'Timeout'), 1);
    // Later calls answer from local state without waiting on the hung connection.
    assert.ok(Date.now() - started < 1400, `later calls took ${Date.now() - started} ms`);
    relay.resume();
    await waitFor(async () => hung.connected, 10_000);
    const checker = open(keyPrefix);
    assert.equal(await checker.ready(), true);
    assert.equal((await checker.coolingDown(['east'])).has('east'), true);
    // 3 granted; the timed-out reservation also ran once the server got it, so it may count twice.
    await waitFor(async () => ((await checker.usage(['east'])).get('east')?.rpm ?? 0) >= 3, 10_000);
    assert.ok(((await checker.usage(['east'])).get('east')?.rpm ?? 0) <= 4);
    // One warning when it hung, one line when it came back; a loaded machine may time out once more after that.
    assert.deepEqual(logs.slice(0, 2), ['warn', 'info']);
    await hung.close();
    await relay.cut();
  });

  test('two Node processes share cooldowns and the rpm limit', async () => {
    const keyPrefix = prefix();
    const script = join(here, '..', '..', 'test-support', 'redis-router-state-process.ts');
    const reader = runProcess(script, ['read', keyPrefix, 'east']);
    await reader.firstLine;
    const writer = await runProcess(script, ['write', keyPrefix, 'east']).done;
    const read = await reader.done;
    const writerResult = JSON.parse(writer) as { reserved: boolean[] };
    const readerResult = JSON.parse(read.split('\n').at(-1) ?? '') as {
      cooling: boolean;
      seenAfterMs: number;
      reserved: boolean[];
    };
    assert.equal(readerResult.cooling, true);
    const total = [...writerResult.reserved, ...readerResult.reserved].filter(Boolean).length;
    assert.equal(total, 5, `writer ${writerResult.reserved}, reader ${readerResult.reserved}`);
  });
});

function runProcess(script: string, args: string[]): { firstLine: Promise<void>; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, REDIS_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  let resolveFirst: () => void = () => {};
  const firstLine = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    if (output.includes('\n')) resolveFirst();
  });
  child.stderr.on('data', (data: Buffer) => {
    errors += data.toString();
  });
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveFirst();
      if (code === 0) resolve(output.trim());
      else reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${errors}`));
    });
  });
  return { firstLine, done };
}
