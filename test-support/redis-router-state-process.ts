// One "proxy process" for src/store/redis-router-state.test.ts (here, not in src/store, because it wires the router's in-memory state in as the composition root does): `write` cools a deployment down and uses
// part of its rpm; `read` waits until it sees that cooldown, then reserves what is left.
import { InMemoryRouterState } from '../src/router/in-memory-router-state.js';
import { createRedisRouterState } from '../src/store/redis-router-state.js';

const [mode, keyPrefix, deploymentId] = process.argv.slice(2);
if (!mode || !keyPrefix || !deploymentId) throw new Error('usage: router-state-process.ts write|read <prefix> <id>');
const state = createRedisRouterState(
  { redis_url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', key_prefix: keyPrefix },
  { logger: () => {}, createLocalState: (options) => new InMemoryRouterState(options) },
);
if (!(await state.ready(2000))) throw new Error('Redis not reachable');

if (mode === 'write') {
  await state.setCooldown(deploymentId, 30, 'rate limited in the writer process');
  const reserved = [];
  for (let index = 0; index < 3; index += 1) reserved.push(await state.reserveRequest(deploymentId, 5));
  console.log(JSON.stringify({ reserved }));
} else {
  console.log(JSON.stringify({ ready: true }));
  const started = Date.now();
  while (!(await state.coolingDown([deploymentId])).has(deploymentId)) {
    if (Date.now() - started > 10_000) throw new Error('cooldown never seen');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seenAfterMs = Date.now() - started;
  const usage = (await state.usage([deploymentId])).get(deploymentId);
  const reserved = [];
  for (let index = 0; index < 5; index += 1) reserved.push(await state.reserveRequest(deploymentId, 5));
  console.log(JSON.stringify({ cooling: true, seenAfterMs, usage, reserved }));
}
await state.close();
