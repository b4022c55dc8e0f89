import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { closeAll, entry, messages, upstream } from '../../test-support/router-helpers.js';
import {
  APIConnectionError,
  AuthenticationError,
  InternalServerError,
  RateLimitError,
  Timeout,
} from '../errors/index.js';
import { InMemoryRouterState, Router, routeInfoOf, routerHeaders } from './index.js';

const mocks: MockUpstream[] = [];
after(() => closeAll(mocks));
async function mock(name: string, plan: Parameters<typeof upstream>[1]): Promise<MockUpstream> {
  const started = await upstream(name, plan);
  mocks.push(started);
  return started;
}
const text = (response: { choices: { message: { content: unknown } }[] }) => response.choices[0]?.message.content;

describe('retries', () => {
  test('a 500 retries at once on the other deployment, and the result says so', async () => {
    const bad = await mock('bad', () => ({ status: 500 }));
    const good = await mock('good', () => 'ok');
    // random 0 picks 'bad' first, so the retry is what reaches 'good'. A backoff would last at least
    // retry_after (30 s): far beyond the bound below, whatever the machine's load.
    const router = new Router({
      model_list: [entry('m', bad, { id: 'bad' }), entry('m', good, { id: 'good' })],
      random: () => 0,
      num_retries: 1,
      retry_after: 30,
    });
    const started = Date.now();
    const response = await router.completion({ model: 'm', messages });
    assert.equal(text(response), 'good');
    assert.equal(bad.requests.length, 1);
    assert.deepEqual(routerHeaders(response._hidden_params), {
      'x-litellm-model-id': 'good',
      'x-litellm-model-group': 'm',
      'x-litellm-attempted-retries': '1',
      'x-litellm-attempted-fallbacks': '0',
      'x-litellm-max-retries': '1',
    });
    assert.ok(Date.now() - started < 10_000, 'no backoff while another deployment is healthy');
  });

  test('a 429 on the only deployment waits for Retry-After, then succeeds (flaky then healthy)', async () => {
    const flaky = await mock('flaky', (call) =>
      call === 0 ? { status: 429, headers: { 'retry-after-ms': '150' } } : 'ok',
    );
    const router = new Router({ model_list: [entry('m', flaky)], num_retries: 2 });
    const started = Date.now();
    const response = await router.completion({ model: 'm', messages });
    assert.ok(Date.now() - started >= 140, 'waited for Retry-After');
    assert.equal(response._hidden_params.attempted_retries, 1);
    assert.equal(flaky.requests.length, 2);
  });

  test('retry_policy per error type wins over num_retries', async () => {
    const limited = await mock('limited', () => ({ status: 429, headers: { 'retry-after-ms': '1' } }));
    const noRateLimitRetries = new Router({
      model_list: [entry('m', limited)],
      num_retries: 3,
      retry_policy: { RateLimitErrorRetries: 0 },
    });
    await assert.rejects(noRateLimitRetries.completion({ model: 'm', messages }), RateLimitError);
    assert.equal(limited.requests.length, 1);
    const broken = await mock('broken', () => ({ status: 500, headers: { 'retry-after-ms': '1' } }));
    const threeServerRetries = new Router({
      model_list: [entry('m', broken)],
      num_retries: 0,
      retry_policy: { InternalServerErrorRetries: 3 },
    });
    const error = await threeServerRetries.completion({ model: 'm', messages }).catch((caught: unknown) => caught);
    assert.ok(error instanceof InternalServerError);
    assert.equal(broken.requests.length, 4);
    assert.equal(routeInfoOf(error)?.attempted_retries, 3);
  });

  test('a 401 is not retried', async () => {
    const denied = await mock('denied', () => ({ status: 401 }));
    const router = new Router({ model_list: [entry('m', denied)], num_retries: 3 });
    await assert.rejects(router.completion({ model: 'm', messages }), AuthenticationError);
    assert.equal(denied.requests.length, 1);
  });

  test('timeouts and connection resets are retried on another deployment', async () => {
    const hang = await mock('hang', () => 'hang');
    const reset = await mock('reset', () => 'reset');
    const good = await mock('good', () => 'ok');
    const list = [
      entry('m', hang, { id: 'hang' }),
      entry('m', reset, { id: 'reset' }),
      entry('m', good, { id: 'good' }),
    ];
    const router = new Router({ model_list: list, timeout: 0.2, num_retries: 2, random: () => 0 });
    const response = await router.completion({ model: 'm', messages });
    assert.equal(text(response), 'good');
    assert.equal(response._hidden_params.attempted_retries, 2);
    const lone = new Router({ model_list: [entry('x', hang, { params: { timeout: 0.1 } })], num_retries: 0 });
    await assert.rejects(lone.completion({ model: 'x', messages }), Timeout);
    const lonely = new Router({ model_list: [entry('x', reset)], num_retries: 0 });
    await assert.rejects(lonely.completion({ model: 'x', messages }), APIConnectionError);
  });
});

describe('fallbacks', () => {
  test('after the retries, the fallback group serves and the result names it', async () => {
    const down = await mock('down', () => ({ status: 503, headers: { 'retry-after-ms': '1' } }));
    const backup = await mock('backup', () => 'ok');
    const router = new Router({
      model_list: [entry('primary', down, { id: 'down' }), entry('backup', backup, { id: 'backup' })],
      num_retries: 1,
      fallbacks: [{ primary: ['backup'] }],
    });
    const response = await router.completion({ model: 'primary', messages });
    assert.equal(text(response), 'backup');
    assert.equal(down.requests.length, 2);
    assert.equal(response._hidden_params.attempted_fallbacks, 1);
    assert.equal(response._hidden_params.attempted_retries, 1);
    assert.equal(response._hidden_params.model_group, 'backup');
  });

  test('per-request fallbacks, default_fallbacks and mock_testing_fallbacks', async () => {
    const good = await mock('good', () => 'ok');
    const list = [entry('primary', good, { id: 'p' }), entry('other', good, { id: 'o' })];
    const router = new Router({ model_list: list, default_fallbacks: ['other'] });
    const mocked = await router.completion({ model: 'primary', messages, mock_testing_fallbacks: true });
    assert.equal(mocked._hidden_params.model_id, 'o');
    const perRequest = await router.completion({
      model: 'primary',
      messages,
      mock_testing_fallbacks: true,
      fallbacks: ['primary', 'other'],
    });
    assert.equal(perRequest._hidden_params.attempted_fallbacks, 1);
    const body = good.requests.at(-1)?.json() ?? {};
    assert.equal(
      'fallbacks' in body || 'mock_testing_fallbacks' in body,
      false,
      'router fields never reach the provider',
    );
  });

  test('max_fallbacks bounds the groups tried; the original error is raised with what was tried', async () => {
    const down = await mock('down', () => ({ status: 500 }));
    const list = ['a', 'b', 'c', 'd'].map((name) => entry(name, down, { id: name }));
    const router = new Router({
      model_list: list,
      num_retries: 0,
      max_fallbacks: 2,
      fallbacks: [{ a: ['b', 'c', 'd'] }],
    });
    const error = await router.completion({ model: 'a', messages }).catch((caught: unknown) => caught);
    assert.ok(error instanceof InternalServerError);
    assert.equal(down.requests.length, 3);
    assert.equal(routeInfoOf(error)?.attempted_fallbacks, 2);
  });
});

describe('cooldowns', () => {
  test('allowed_fails failures in a minute cool a deployment; it serves again after cooldown_time', async () => {
    const flaky = await mock('flaky', () => ({ status: 500 }));
    const good = await mock('good', () => 'ok');
    const state = new InMemoryRouterState();
    const list = [entry('m', flaky, { id: 'flaky' }), entry('m', good, { id: 'good' })];
    const router = new Router({
      model_list: list,
      allowed_fails: 1,
      // Long beside timer delays on a loaded machine: the three calls below all fall inside it.
      cooldown_time: 1,
      num_retries: 1,
      random: () => 0,
      state,
    });
    await router.completion({ model: 'm', messages });
    assert.equal((await state.coolingDown(['flaky'])).size, 0, 'one failure is allowed');
    await router.completion({ model: 'm', messages });
    assert.deepEqual(await state.coolingDown(['flaky', 'good']), new Set(['flaky']));
    const before = flaky.requests.length;
    for (let index = 0; index < 3; index++)
      assert.equal((await router.completion({ model: 'm', messages }))._hidden_params.attempted_retries, 0);
    assert.equal(flaky.requests.length, before, 'a cooling deployment gets no traffic');
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await router.completion({ model: 'm', messages });
    assert.equal(flaky.requests.length, before + 1, 'back in rotation after cooldown_time');
  });

  test('a 429 cools at once; allowed_fails_policy sets per-type thresholds', async () => {
    const limited = await mock('limited', () => ({ status: 429 }));
    const good = await mock('good', () => 'ok');
    const state = new InMemoryRouterState();
    const list = [entry('m', limited, { id: 'limited' }), entry('m', good, { id: 'good' })];
    await new Router({ model_list: list, random: () => 0, state }).completion({ model: 'm', messages });
    assert.deepEqual(await state.coolingDown(['limited']), new Set(['limited']));
    const lenient = new InMemoryRouterState();
    const policy = { RateLimitErrorAllowedFails: 2 };
    const tolerant = new Router({ model_list: list, random: () => 0, state: lenient, allowed_fails_policy: policy });
    await tolerant.completion({ model: 'm', messages });
    await tolerant.completion({ model: 'm', messages });
    assert.equal((await lenient.coolingDown(['limited'])).size, 0);
    await tolerant.completion({ model: 'm', messages });
    assert.equal((await lenient.coolingDown(['limited'])).size, 1);
  });

  test('when every deployment is cooling, the call fails fast with a 429 naming the group', async () => {
    const good = await mock('good', () => 'ok');
    const state = new InMemoryRouterState();
    const router = new Router({
      model_list: [entry('gpt-4o', good, { id: 'a' }), entry('gpt-4o', good, { id: 'b' })],
      state,
      num_retries: 3,
      retry_after: 30, // a wait before retrying would last 30 s
    });
    await state.setCooldown('a', 60, 'test');
    await state.setCooldown('b', 60, 'test');
    const started = Date.now();
    const error = await router.completion({ model: 'gpt-4o', messages }).catch((caught: unknown) => caught);
    assert.ok(error instanceof RateLimitError);
    assert.match(error.message, /No deployments available for model group 'gpt-4o'/);
    assert.ok(Date.now() - started < 10_000, 'failed without waiting to retry');
    assert.equal(good.requests.length, 0);
  });

  test('the only deployment of a group is never cooled (as LiteLLM)', async () => {
    const limited = await mock('limited', () => ({ status: 429 }));
    const state = new InMemoryRouterState();
    const router = new Router({ model_list: [entry('m', limited, { id: 'only' })], num_retries: 0, state });
    await assert.rejects(router.completion({ model: 'm', messages }), RateLimitError);
    assert.equal((await state.coolingDown(['only'])).size, 0);
  });
});

test('embedding is routed too: a failing deployment is retried on the healthy one', async () => {
  const bad = await mock('bad', () => ({ status: 500 }));
  const good = await startMockUpstream((_request, response) =>
    replyJson(response, 200, {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5] }],
      model: 'x',
      usage: { prompt_tokens: 1, total_tokens: 1 },
    }),
  );
  mocks.push(good);
  const list = [entry('e', bad, { id: 'bad' }), entry('e', good, { id: 'good' })];
  const response = await new Router({ model_list: list, random: () => 0 }).embedding({ model: 'e', input: ['hi'] });
  assert.deepEqual(response.data[0]?.embedding, [0.5]);
  assert.equal(response._hidden_params.model_id, 'good');
  assert.equal(response._hidden_params.attempted_retries, 1);
});
