import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalRouterState } from './local-router-state.js';

function clocked(start = 1_700_000_000_000) {
  const clock = { now: start };
  return { clock, state: new LocalRouterState({ now: () => clock.now, latencySamples: 3 }) };
}

test('reserveRequest stops at the limit and starts over in the next minute', async () => {
  const { clock, state } = clocked(60_000 * 1000);
  assert.equal(await state.reserveRequest('east', 2), true);
  assert.equal(await state.reserveRequest('east', 2), true);
  assert.equal(await state.reserveRequest('east', 2), false);
  await state.addTokens('east', 12.4);
  assert.deepEqual((await state.usage(['east', 'west'])).get('east'), { rpm: 2, tpm: 12 });
  assert.deepEqual((await state.usage(['east', 'west'])).get('west'), { rpm: 0, tpm: 0 });
  clock.now += 60_000;
  assert.deepEqual((await state.usage(['east'])).get('east'), { rpm: 0, tpm: 0 });
  assert.equal(await state.reserveRequest('east', 2), true);
  assert.equal(await state.reserveRequest('east', undefined), true);
});

test('in-flight counts never go negative', async () => {
  const { state } = clocked();
  await state.requestFinished('east');
  await state.requestStarted('east');
  await state.requestStarted('east');
  await state.requestFinished('east');
  assert.equal((await state.inFlight(['east', 'west'])).get('east'), 1);
  assert.equal((await state.inFlight(['east', 'west'])).get('west'), 0);
});

test('failures count per minute; cooldowns end on time and keep the longer one', async () => {
  const { clock, state } = clocked(60_000 * 1000);
  assert.equal(await state.recordFailure('east', '*'), 1);
  assert.equal(await state.recordFailure('east', '*'), 2);
  assert.equal(await state.recordFailure('east', 'RateLimitError'), 1);
  clock.now += 60_000;
  assert.equal(await state.recordFailure('east', '*'), 1);
  await state.setCooldown('east', 10, 'long');
  await state.setCooldown('east', 1, 'short');
  await state.setCooldown('west', 0, 'ignored');
  clock.now += 5_000;
  assert.deepEqual(await state.coolingDown(['east', 'west']), new Set(['east']));
  clock.now += 5_001;
  assert.deepEqual(await state.coolingDown(['east', 'west']), new Set());
  assert.deepEqual(state.activeCooldowns(), []);
});

test('latency samples are capped, newest last, filtered by ttl', async () => {
  const { clock, state } = clocked();
  for (const latency of [10, 20, 30, 40]) {
    await state.recordLatency('east', latency);
    clock.now += 1000;
  }
  const samples = (await state.latencies(['east'], 60_000)).get('east') ?? [];
  assert.deepEqual(
    samples.map((sample) => sample.latencyMs),
    [20, 30, 40],
  );
  assert.deepEqual(
    (await state.latencies(['east'], 1500)).get('east')?.map((sample) => sample.latencyMs),
    [40],
  );
});
