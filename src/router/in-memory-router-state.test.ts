import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRouterStateConformance } from '../../test-support/router-state-conformance.js';
import { InMemoryRouterState } from './index.js';

describeRouterStateConformance({
  name: 'InMemoryRouterState',
  fastClock: true,
  skip: false,
  async create(options = {}) {
    // Away from a minute boundary, so the short waits of a case never cross one.
    const clock = { now: 60_000 * 28_000_000 + 1_000 };
    const state = new InMemoryRouterState({ now: () => clock.now, ...options });
    return {
      state,
      async advance(ms) {
        clock.now += ms;
      },
    };
  },
});

test('the synchronous reads the Redis state relies on: active cooldowns, own in-flight counts, reserveNow', async () => {
  let now = 60_000 * 1000;
  const state = new InMemoryRouterState(() => now); // the clock-only constructor still works
  await state.setCooldown('east', 10, 'long');
  await state.setCooldown('west', 1, 'short');
  assert.deepEqual(state.activeCooldowns(), [
    { deploymentId: 'east', until: now + 10_000, reason: 'long' },
    { deploymentId: 'west', until: now + 1_000, reason: 'short' },
  ]);
  now += 5_000;
  assert.deepEqual(
    state.activeCooldowns().map((cooldown) => cooldown.deploymentId),
    ['east'],
  );
  now += 5_001;
  assert.deepEqual(state.activeCooldowns(), []);
  await state.requestStarted('east');
  assert.deepEqual([...state.inFlightCounts()], [['east', 1]]);
  assert.equal(state.reserveNow('east', 1), true);
  assert.equal(state.reserveNow('east', 1), false);
  assert.deepEqual(state.usageNow('east'), { rpm: 1, tpm: 0 });
});
