import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InMemoryRouterState } from './index.js';

test('counters live in minute windows; rpm reservations stop at the limit', async () => {
  let now = 60_000 * 100 + 1_000;
  const state = new InMemoryRouterState(() => now);
  assert.equal(await state.reserveRequest('a', 2), true);
  assert.equal(await state.reserveRequest('a', 2), true);
  assert.equal(await state.reserveRequest('a', 2), false);
  await state.addTokens('a', 40);
  assert.deepEqual((await state.usage(['a', 'b'])).get('a'), { rpm: 2, tpm: 40 });
  assert.deepEqual((await state.usage(['a', 'b'])).get('b'), { rpm: 0, tpm: 0 });
  assert.equal(await state.recordFailure('a', '*'), 1);
  assert.equal(await state.recordFailure('a', '*'), 2);
  assert.equal(await state.recordFailure('a', 'RateLimitError'), 1);
  now += 60_000;
  assert.deepEqual((await state.usage(['a'])).get('a'), { rpm: 0, tpm: 0 });
  assert.equal(await state.reserveRequest('a', 2), true);
  assert.equal(await state.recordFailure('a', '*'), 1);
});

test('in-flight counts, latency TTL and cooldown expiry', async () => {
  let now = 1_000;
  const state = new InMemoryRouterState(() => now);
  await state.requestStarted('a');
  await state.requestStarted('a');
  await state.requestFinished('a');
  assert.equal((await state.inFlight(['a', 'b'])).get('a'), 1);
  assert.equal((await state.inFlight(['a', 'b'])).get('b'), 0);
  await state.recordLatency('a', 10);
  now += 5_000;
  await state.recordLatency('a', 20);
  assert.deepEqual(
    (await state.latencies(['a'], 3_000)).get('a')?.map((sample) => sample.latencyMs),
    [20],
  );
  assert.deepEqual(
    (await state.latencies(['a'], 10_000)).get('a')?.map((sample) => sample.latencyMs),
    [10, 20],
  );
  await state.setCooldown('a', 2, 'test');
  assert.deepEqual(await state.coolingDown(['a', 'b']), new Set(['a']));
  now += 2_001;
  assert.deepEqual(await state.coolingDown(['a', 'b']), new Set());
});
