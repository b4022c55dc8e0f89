import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { collect, type MockUpstream, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { chatFrames, closeAll, entry, messages, upstream } from '../../test-support/router-helpers.js';
import { InMemoryRouterState, Router } from './index.js';

const mocks: MockUpstream[] = [];
after(() => closeAll(mocks));
async function mock(name: string, plan: Parameters<typeof upstream>[1]): Promise<MockUpstream> {
  const started = await upstream(name, plan);
  mocks.push(started);
  return started;
}
const textOf = (chunks: { choices: { delta: { content?: string | null } }[] }[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

test('a stream failing before its first chunk (500, or cut) is retried transparently', async () => {
  const broken = await mock('broken', () => ({ status: 500 }));
  const cut = await mock('cut', () => 'cut-before-first');
  const good = await mock('good', () => 'stream');
  const state = new InMemoryRouterState();
  const list = [entry('m', broken, { id: 'broken' }), entry('m', cut, { id: 'cut' }), entry('m', good, { id: 'good' })];
  const router = new Router({ model_list: list, num_retries: 2, random: () => 0, state });
  const stream = await router.completion({ model: 'm', messages, stream: true });
  assert.equal(stream._hidden_params.model_id, 'good');
  assert.equal(stream._hidden_params.attempted_retries, 2);
  assert.equal(textOf(await collect(stream)), 'good!');
  assert.equal(cut.requests.length, 1);
  assert.equal((await state.inFlight(['good'])).get('good'), 0, 'the in-flight slot is freed at the end');
  assert.equal((await state.latencies(['good'], 60_000)).get('good')?.length, 1, 'time to first token recorded');
});

test('a stream failing before its first chunk falls back to another group', async () => {
  const broken = await mock('broken', () => 'cut-before-first');
  const good = await mock('good', () => 'stream');
  const router = new Router({
    model_list: [entry('primary', broken), entry('backup', good)],
    num_retries: 0,
    fallbacks: [{ primary: ['backup'] }],
  });
  const stream = await router.completion({ model: 'primary', messages, stream: true });
  assert.equal(stream._hidden_params.model_group, 'backup');
  assert.equal(stream._hidden_params.attempted_fallbacks, 1);
  assert.equal(textOf(await collect(stream)), 'good!');
});

test('after the first chunk, a cut stream reaches the caller as an error and is not retried', async () => {
  const midway = await mock('midway', () => 'cut-midway');
  const good = await mock('good', () => 'stream');
  const router = new Router({
    model_list: [entry('m', midway, { id: 'midway' }), entry('m', good, { id: 'good' })],
    num_retries: 2,
    random: () => 0,
    fallbacks: [{ m: ['m'] }],
  });
  const stream = await router.completion({ model: 'm', messages, stream: true });
  assert.equal(stream._hidden_params.model_id, 'midway');
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
  });
  assert.ok(seen.join('').startsWith('midway-1'), `got ${JSON.stringify(seen)}`);
  assert.equal(good.requests.length, 0);
});

test('breaking out of a routed stream cancels the upstream and frees the slot', { timeout: 30_000 }, async () => {
  let calls = 0;
  let upstreamClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    upstreamClosed = resolve;
  });
  const slow = await startMockUpstream(async (_request, response) => {
    if (calls++ > 0) {
      await replySse(response, chatFrames(['slow', '!']));
      return;
    }
    // The first stream sends one chunk and never ends: only the client's cancel can close it.
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chatFrames(['slow'])[0]);
    response.on('close', () => upstreamClosed());
  });
  mocks.push(slow);
  const state = new InMemoryRouterState();
  const router = new Router({ model_list: [entry('m', slow, { id: 'slow' })], state });
  const stream = await router.completion({ model: 'm', messages, stream: true });
  for await (const _ of stream) break;
  await closed;
  assert.equal(slow.aborted.length, 1, 'the upstream saw its connection closed before the stream ended');
  assert.equal((await state.inFlight(['slow'])).get('slow'), 0);
  const response = await (await router.completion({ model: 'm', messages, stream: true })).finalResponse();
  assert.equal(response.choices[0]?.message.content, 'slow!');
});
