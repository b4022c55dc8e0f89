import { after } from 'node:test';
import { awayFromMinuteEnd } from '../../test-support/minute-window.js';
import { describeRouterStateConformance } from '../../test-support/router-state-conformance.js';
import { requireService } from '../../test-support/service-gate.js';
import { InMemoryRouterState } from '../router/in-memory-router-state.js';
import { deleteKeys, REDIS_URL, redisAnswers, uniquePrefix } from './__fixtures__/redis-test-support.js';
import { createRedisRouterState, type RedisRouterState } from './redis-router-state.js';

const skip = requireService({
  service: 'Redis',
  available: await redisAnswers(1000),
  reason: `not reachable at ${REDIS_URL} (set LLMUX_TEST_REDIS_URL, or start one; CI does)`,
});

const opened: { state: RedisRouterState; prefix: string }[] = [];
after(async () => {
  await Promise.all(opened.map(({ state }) => state.close()));
  if (!skip) await Promise.all(opened.map(({ prefix }) => deleteKeys(prefix)));
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeRouterStateConformance({
  name: 'RedisRouterState (real Redis)',
  fastClock: false,
  skip,
  async create(options = {}) {
    // The clock is real: start a case well before a minute ends so no window turns mid-case.
    await awayFromMinuteEnd(5_000);
    const prefix = uniquePrefix(); // each state its own keys, so concurrent test files never collide
    const state = createRedisRouterState(
      { redis_url: REDIS_URL, key_prefix: prefix },
      { logger: () => {}, createLocalState: (local) => new InMemoryRouterState(local), ...options },
    );
    opened.push({ state, prefix });
    if (!(await state.ready(2000))) throw new Error(`Redis at ${REDIS_URL} did not answer`);
    return { state, advance: sleep };
  },
});
