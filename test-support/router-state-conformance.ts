// One conformance suite for every `RouterState` backend (in memory, Redis): the same cases, so
// routing behaves the same with and without Redis. Each backend's test file calls
// `describeRouterStateConformance` with a factory; every case gets a fresh, isolated state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouterState } from '../src/spec/router-state.js';

export interface ConformanceSubject {
  state: RouterState;
  /** Lets `ms` pass for this state: a fake clock moves, or (real clock) the test waits. */
  advance(ms: number): Promise<void>;
}

export interface RouterStateBackend {
  name: string;
  /** A fresh state of its own (own key prefix, own clock); `latencySamples` overrides the cap. */
  create(options?: { latencySamples?: number }): Promise<ConformanceSubject>;
  /** True when `advance` moves a fake clock, so crossing a minute window costs nothing. */
  fastClock: boolean;
  /** `false`, or why the backend is not available (see test-support/service-gate.ts). */
  skip: string | false;
}

const ms = (samples: readonly { latencyMs: number }[] | undefined) => samples?.map((sample) => sample.latencyMs);

export function describeRouterStateConformance(backend: RouterStateBackend): void {
  const { create } = backend;
  describe(`RouterState conformance: ${backend.name}`, { skip: backend.skip }, () => {
    test('reserveRequest counts up to the rpm limit, then refuses without counting', async () => {
      const { state } = await create();
      assert.equal(await state.reserveRequest('east', 2), true);
      assert.equal(await state.reserveRequest('east', 2), true);
      assert.equal(await state.reserveRequest('east', 2), false);
      assert.equal(await state.reserveRequest('east', 2), false);
      assert.deepEqual((await state.usage(['east', 'west'])).get('east'), { rpm: 2, tpm: 0 });
      assert.equal(await state.reserveRequest('east', 3), true, 'a higher limit leaves room for one more');
      assert.equal(await state.reserveRequest('east', undefined), true, 'without a limit it always counts');
      assert.deepEqual((await state.usage(['east'])).get('east'), { rpm: 4, tpm: 0 });
      assert.equal(await state.reserveRequest('west', 0), false, 'a limit of 0 refuses');
      await state.close();
    });

    test('addTokens adds whole tokens to the minute; missing ids and bad amounts count nothing', async () => {
      const { state } = await create();
      await state.addTokens('east', 12.4);
      await state.addTokens('east', 30);
      for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) await state.addTokens('east', bad);
      const usage = await state.usage(['east', 'west']);
      assert.deepEqual(usage.get('east'), { rpm: 0, tpm: 42 });
      assert.deepEqual(usage.get('west'), { rpm: 0, tpm: 0 });
      await state.close();
    });

    test('in-flight counts go up and down, per deployment, never below zero', async () => {
      const { state } = await create();
      await state.requestFinished('east');
      await state.requestStarted('east');
      await state.requestStarted('east');
      await state.requestStarted('west');
      await state.requestFinished('east');
      const counts = await state.inFlight(['east', 'west', 'north']);
      assert.deepEqual(
        [...counts],
        [
          ['east', 1],
          ['west', 1],
          ['north', 0],
        ],
      );
      await state.requestFinished('east');
      await state.requestFinished('east');
      assert.equal((await state.inFlight(['east'])).get('east'), 0);
      await state.close();
    });

    test('recordFailure counts per deployment and error kind, including this one', async () => {
      const { state } = await create();
      assert.equal(await state.recordFailure('east', '*'), 1);
      assert.equal(await state.recordFailure('east', '*'), 2);
      assert.equal(await state.recordFailure('east', 'RateLimitError'), 1);
      assert.equal(await state.recordFailure('west', '*'), 1);
      assert.equal(await state.recordFailure('east', '*'), 3);
      await state.close();
    });

    // Only where a fake clock can cross the minute: a real minute is too long for a test (and a skip
    // fails CI). The Redis state's window is its keys' expiry, proven in redis-router-state.test.ts.
    const minuteTest = backend.fastClock ? test : () => {};
    minuteTest('minute windows: rpm, tpm and failures start over in the next minute', async () => {
      const { state, advance } = await create();
      assert.equal(await state.reserveRequest('east', 1), true);
      assert.equal(await state.reserveRequest('east', 1), false);
      await state.addTokens('east', 40);
      assert.equal(await state.recordFailure('east', '*'), 1);
      await advance(60_000);
      assert.deepEqual((await state.usage(['east'])).get('east'), { rpm: 0, tpm: 0 });
      assert.equal(await state.reserveRequest('east', 1), true);
      assert.equal(await state.recordFailure('east', '*'), 1);
      await state.close();
    });

    test('a cooldown covers its deployment only, and ends on time', async () => {
      const { state, advance } = await create();
      assert.equal((await state.coolingDown(['east', 'west'])).size, 0);
      await state.setCooldown('east', 0.3, 'rate limited');
      assert.deepEqual(await state.coolingDown(['east', 'west']), new Set(['east']));
      await advance(100);
      assert.deepEqual(await state.coolingDown(['east', 'west']), new Set(['east']));
      await advance(400);
      assert.equal((await state.coolingDown(['east', 'west'])).size, 0);
      await state.close();
    });

    test('a shorter cooldown never cuts a longer one short; zero or negative seconds set none', async () => {
      const { state, advance } = await create();
      await state.setCooldown('east', 30, 'long');
      await state.setCooldown('east', 0.1, 'short');
      await state.setCooldown('west', 0, 'ignored');
      await state.setCooldown('north', -1, 'ignored');
      await advance(300);
      assert.deepEqual(await state.coolingDown(['east', 'west', 'north']), new Set(['east']));
      await state.close();
    });

    test('latency samples: newest last, filtered by the reader ttl, bad values ignored', async () => {
      const { state, advance } = await create();
      await state.recordLatency('east', 10);
      await state.recordLatency('east', -1);
      await state.recordLatency('east', Number.NaN);
      await advance(300);
      await state.recordLatency('east', 20);
      const all = (await state.latencies(['east', 'west'], 60_000)).get('east');
      assert.deepEqual(ms(all), [10, 20]);
      assert.ok((all?.[0]?.at ?? 0) <= (all?.[1]?.at ?? 0), 'oldest first');
      assert.deepEqual(ms((await state.latencies(['east'], 150)).get('east')), [20]);
      assert.deepEqual((await state.latencies(['west'], 60_000)).get('west'), []);
      await state.close();
    });

    test('latency samples are capped per deployment, the oldest dropped first', async () => {
      const { state } = await create({ latencySamples: 3 });
      for (const latency of [10, 20, 30, 40, 50]) await state.recordLatency('east', latency);
      await state.recordLatency('west', 5);
      assert.deepEqual(ms((await state.latencies(['east'], 60_000)).get('east')), [30, 40, 50]);
      assert.deepEqual(ms((await state.latencies(['west'], 60_000)).get('west')), [5]);
      await state.close();
    });

    test('the default cap is 100 samples, with and without Redis', async () => {
      const { state } = await create();
      for (let latency = 1; latency <= 101; latency += 1) await state.recordLatency('east', latency);
      const samples = ms((await state.latencies(['east'], 60_000)).get('east')) ?? [];
      assert.equal(samples.length, 100);
      assert.equal(samples[0], 2);
      assert.equal(samples.at(-1), 101);
      await state.close();
    });
  });
}
