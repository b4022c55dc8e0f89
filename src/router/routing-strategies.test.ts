import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { entry, messages, seeded } from '../../test-support/router-helpers.js';
import { ContextWindowExceededError, RateLimitError } from '../errors/index.js';
import { hashDeployment, InMemoryRouterState, Router, type RoutingStrategy } from './index.js';

/** Requests answered by `mock_response`: no network, only the router's choice matters. */
async function choices(router: Router, count: number, extra: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const response = await router.completion({ model: 'm', messages, mock_response: 'hi', ...extra });
    ids.push(response._hidden_params.model_id ?? '?');
  }
  return ids;
}

function tally(ids: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

function router(
  strategy: RoutingStrategy,
  list = [entry('m', undefined, { id: 'a' }), entry('m', undefined, { id: 'b' })],
  extra = {},
) {
  return new Router({ model_list: list, routing_strategy: strategy, random: seeded(7), ...extra });
}

describe('simple-shuffle', () => {
  test('is weighted by weight', async () => {
    const list = [
      entry('m', undefined, { id: 'a', params: { weight: 9 } }),
      entry('m', undefined, { id: 'b', params: { weight: 1 } }),
    ];
    const counts = tally(await choices(router('simple-shuffle', list), 200));
    assert.ok((counts.a ?? 0) > 160 && (counts.b ?? 0) > 5, JSON.stringify(counts));
  });

  test('falls back to rpm as the weight', async () => {
    const list = [
      entry('m', undefined, { id: 'a', params: { rpm: 10 } }),
      entry('m', undefined, { id: 'b', params: { rpm: 990 } }),
    ];
    const counts = tally(await choices(router('simple-shuffle', list), 100));
    assert.ok((counts.b ?? 0) > 90, JSON.stringify(counts));
  });

  test('is the default and reports the model group', async () => {
    const response = await new Router({ model_list: [entry('m', undefined, { id: 'a' })] }).completion({
      model: 'm',
      messages,
      mock_response: 'x',
    });
    assert.equal(response._hidden_params.model_group, 'm');
    assert.equal(response._hidden_params.attempted_retries, 0);
    assert.equal(response._hidden_params.attempted_fallbacks, 0);
  });
});

test('least-busy picks the deployment with the fewest requests in flight', async () => {
  const state = new InMemoryRouterState();
  await state.requestStarted('a');
  await state.requestStarted('a');
  await state.requestStarted('b');
  assert.deepEqual(new Set(await choices(router('least-busy', undefined, { state }), 5)), new Set(['b']));
  const list = [
    entry('m', undefined, { id: 'a' }),
    entry('m', undefined, { id: 'b' }),
    entry('m', undefined, { id: 'c' }),
  ];
  assert.deepEqual(await choices(router('least-busy', list, { state }), 3), ['c', 'c', 'c']);
});

describe('usage-based-routing', () => {
  test('picks the lowest tpm this minute', async () => {
    const state = new InMemoryRouterState();
    await state.addTokens('a', 5_000);
    assert.deepEqual(new Set(await choices(router('usage-based-routing', undefined, { state }), 4)), new Set(['b']));
  });

  test('-v2 never goes over rpm, then fails fast with a 429 naming the group', async () => {
    const list = [
      entry('m', undefined, { id: 'a', params: { rpm: 2 } }),
      entry('m', undefined, { id: 'b', params: { rpm: 1 } }),
    ];
    const limited = router('usage-based-routing-v2', list);
    assert.deepEqual(tally(await choices(limited, 3)), { a: 2, b: 1 });
    const error = await limited
      .completion({ model: 'm', messages, mock_response: 'x' })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof RateLimitError);
    assert.match(error.message, /model group 'm'.*rpm/);
  });

  test('skips a deployment whose tpm the prompt would exceed', async () => {
    const state = new InMemoryRouterState();
    await state.addTokens('a', 95);
    const list = [
      entry('m', undefined, { id: 'a', params: { tpm: 100 } }),
      entry('m', undefined, { id: 'b', params: { tpm: 1_000_000 } }),
    ];
    await state.addTokens('b', 500);
    assert.deepEqual(new Set(await choices(router('usage-based-routing', list, { state }), 3)), new Set(['b']));
  });
});

describe('latency-based-routing', () => {
  test('picks the lowest recent latency; samples past the TTL are ignored', async () => {
    let now = 1_000_000;
    const state = new InMemoryRouterState(() => now);
    await state.recordLatency('a', 500);
    await state.recordLatency('b', 50);
    const fast = router('latency-based-routing', undefined, { state, routing_strategy_args: { ttl: 10 } });
    assert.deepEqual(new Set(await choices(fast, 4)), new Set(['b']));
    await state.recordLatency('b', 5_000);
    await state.recordLatency('b', 5_000);
    now += 20_000;
    await state.recordLatency('a', 900);
    await state.recordLatency('b', 100);
    assert.deepEqual(new Set(await choices(fast, 3)), new Set(['b']));
  });

  test('lowest_latency_buffer spreads traffic over deployments close to the fastest', async () => {
    // Mock answers take ~0 ms; keep the seeded samples as they are.
    class SeededLatencies extends InMemoryRouterState {
      override async recordLatency(): Promise<void> {}
    }
    const state = new SeededLatencies();
    await InMemoryRouterState.prototype.recordLatency.call(state, 'a', 100);
    await InMemoryRouterState.prototype.recordLatency.call(state, 'b', 110);
    const narrow = router('latency-based-routing', undefined, { state });
    assert.deepEqual(new Set(await choices(narrow, 10)), new Set(['a']));
    const wide = router('latency-based-routing', undefined, {
      state,
      routing_strategy_args: { lowest_latency_buffer: 0.5 },
    });
    assert.deepEqual(new Set(await choices(wide, 30)), new Set(['a', 'b']));
  });
});

test('cost-based-routing picks the cheapest healthy deployment', async () => {
  const list = [
    entry('m', undefined, { id: 'dear', params: { input_cost_per_token: 1e-5, output_cost_per_token: 3e-5 } }),
    entry('m', undefined, { id: 'cheap', params: { input_cost_per_token: 1e-7, output_cost_per_token: 4e-7 } }),
  ];
  const state = new InMemoryRouterState();
  const cheapest = router('cost-based-routing', list, { state });
  assert.deepEqual(new Set(await choices(cheapest, 4)), new Set(['cheap']));
  await state.setCooldown('cheap', 60, 'test');
  assert.deepEqual(new Set(await choices(cheapest, 2)), new Set(['dear']));
});

test('order: a higher tier serves only when the lower one is unavailable', async () => {
  const state = new InMemoryRouterState();
  const list = [
    entry('m', undefined, { id: 'backup', params: { order: 2 } }),
    entry('m', undefined, { id: 'primary', params: { order: 1 } }),
  ];
  const ordered = router('simple-shuffle', list, { state });
  assert.deepEqual(new Set(await choices(ordered, 6)), new Set(['primary']));
  await state.setCooldown('primary', 60, 'test');
  assert.deepEqual(new Set(await choices(ordered, 2)), new Set(['backup']));
});

test('tag filtering: request tags pick tagged deployments, untagged requests the default ones', async () => {
  const list = [
    entry('m', undefined, { id: 'free', params: { tags: ['free', 'default'] } }),
    entry('m', undefined, { id: 'paid', params: { tags: ['paid'] } }),
  ];
  const tagged = router('simple-shuffle', list, { enable_tag_filtering: true });
  assert.deepEqual(new Set(await choices(tagged, 5, { tags: ['paid'] })), new Set(['paid']));
  assert.deepEqual(new Set(await choices(tagged, 5, { metadata: { tags: ['paid'] } })), new Set(['paid']));
  assert.deepEqual(new Set(await choices(tagged, 5)), new Set(['free']));
});

describe('enable_pre_call_checks', () => {
  const long = [{ role: 'user' as const, content: 'word '.repeat(400) }];
  test('skips deployments whose context window is too small', async () => {
    const list = [
      entry('m', undefined, { id: 'small', info: { max_input_tokens: 50 } }),
      entry('m', undefined, { id: 'big', info: { max_input_tokens: 100_000 } }),
    ];
    const checked = router('simple-shuffle', list, { enable_pre_call_checks: true });
    assert.deepEqual(new Set(await choices(checked, 5, { messages: long })), new Set(['big']));
  });

  test('no window large enough is a context-window error that context_window_fallbacks catch', async () => {
    const list = [
      entry('m', undefined, { id: 'small', info: { max_input_tokens: 50 } }),
      entry('large', undefined, { id: 'large' }),
    ];
    const plain = router('simple-shuffle', list, { enable_pre_call_checks: true });
    await assert.rejects(
      plain.completion({ model: 'm', messages: long, mock_response: 'x' }),
      ContextWindowExceededError,
    );
    const withFallback = router('simple-shuffle', list, {
      enable_pre_call_checks: true,
      context_window_fallbacks: [{ m: ['large'] }],
    });
    const response = await withFallback.completion({ model: 'm', messages: long, mock_response: 'x' });
    assert.equal(response._hidden_params.model_id, 'large');
    assert.equal(response._hidden_params.attempted_fallbacks, 1);
  });

  test('allowed_model_region keeps only deployments in that region', async () => {
    const list = [
      entry('m', undefined, { id: 'us', params: { region_name: 'us-east-1' } }),
      entry('m', undefined, { id: 'eu', params: { region_name: 'eu-west-1' } }),
    ];
    const regional = router('simple-shuffle', list, { enable_pre_call_checks: true });
    assert.deepEqual(new Set(await choices(regional, 5, { allowed_model_region: 'eu' })), new Set(['eu']));
  });
});

test('deployment ids: model_info.id, else a stable hash of the entry; wildcard groups fill the model in', async () => {
  const first = hashDeployment(entry('m', undefined, { params: { api_base: 'http://x', rpm: 1 } }));
  const again = hashDeployment({
    model_name: 'm',
    litellm_params: { rpm: 1, api_base: 'http://x', api_key: 'k', model: 'openai/gpt-4o' },
  });
  assert.equal(first, again);
  assert.match(first, /^[0-9a-f]{16}$/);
  assert.notEqual(first, hashDeployment(entry('m', undefined, { params: { api_base: 'http://y', rpm: 1 } })));
  const wildcard = new Router({ model_list: [{ model_name: 'openai/*', litellm_params: { model: 'openai/*' } }] });
  const response = await wildcard.completion({ model: 'openai/gpt-4o-mini', messages, mock_response: 'x' });
  assert.equal(response._hidden_params.model_group, 'openai/*');
  assert.equal(response._hidden_params.model, 'gpt-4o-mini');
});
