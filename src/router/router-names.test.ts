import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { entry, messages } from '../../test-support/router-helpers.js';
import { InternalServerError } from '../errors/index.js';
import { compileTagRegex, ROUTER_SETTING_NAMES, Router, type RouterOptions, routeInfoOf } from './index.js';

const answeredBy = async (router: Router, model: string, extra: Record<string, unknown> = {}) =>
  (await router.completion({ model, messages, mock_response: 'hi', ...extra }))._hidden_params;

describe('model_group_alias', () => {
  const list = [entry('gpt-4o', undefined, { id: 'four-o' }), entry('claude', undefined, { id: 'sonnet' })];

  test('an alias (plain or {model, hidden}) routes to its target group', async () => {
    const router = new Router({
      model_list: list,
      model_group_alias: { 'gpt-4': 'gpt-4o', secret: { model: 'claude', hidden: true } },
    });
    const viaAlias = await answeredBy(router, 'gpt-4');
    assert.equal(viaAlias.model_id, 'four-o');
    assert.equal(viaAlias.model_group, 'gpt-4o');
    assert.equal((await answeredBy(router, 'secret')).model_id, 'sonnet');
    assert.ok(router.hasModel('gpt-4') && router.hasModel('secret'));
  });

  test('model names list the aliases that are not hidden', () => {
    const router = new Router({
      model_list: list,
      model_group_alias: { 'gpt-4': 'gpt-4o', secret: { model: 'claude', hidden: true }, shown: { model: 'claude' } },
    });
    assert.deepEqual(router.modelNames(), ['gpt-4o', 'claude', 'gpt-4', 'shown']);
  });

  test('an alias may point at a wildcard route', async () => {
    const router = new Router({
      model_list: [entry('openai/*', undefined, { id: 'any', params: { model: 'openai/*' } })],
      model_group_alias: { fast: 'openai/gpt-4o-mini' },
    });
    const response = await router.completion({ model: 'fast', messages, mock_response: 'x' });
    assert.equal(response._hidden_params.model_group, 'openai/*');
  });
});

describe("a deployment's model_info.id as the model", () => {
  test('goes to that one deployment, every time', async () => {
    const router = new Router({
      model_list: [entry('m', undefined, { id: 'a' }), entry('m', undefined, { id: 'b' })],
      random: () => 0,
    });
    for (let index = 0; index < 5; index++) {
      const hidden = await answeredBy(router, 'b');
      assert.equal(hidden.model_id, 'b');
      assert.equal(hidden.model_group, 'm');
    }
  });

  test('is used even while cooling down, and retried on itself', async () => {
    const router = new Router({
      model_list: [entry('m', undefined, { id: 'a' }), entry('m', undefined, { id: 'b' })],
      num_retries: 1,
      retry_after: 0,
    });
    await router.state.setCooldown('b', 60, 'test');
    assert.equal((await answeredBy(router, 'b')).model_id, 'b');
    const failing = router.completion({
      model: 'b',
      messages,
      mock_response: new InternalServerError({ message: 'boom' }),
    });
    await assert.rejects(failing, InternalServerError);
    const info = routeInfoOf(await failing.catch((error: unknown) => error));
    assert.equal(info?.model_id, 'b');
    assert.equal(info?.attempted_retries, 1);
  });

  test("falls back under its id (or '*'), not under its group's name, as LiteLLM", async () => {
    const list = [entry('m', undefined, { id: 'a' }), entry('backup', undefined, { id: 'z' })];
    const failing = { mock_testing_fallbacks: true };
    const byGroup = new Router({ model_list: list, fallbacks: [{ m: ['backup'] }] });
    assert.equal((await answeredBy(byGroup, 'm', failing)).model_id, 'z');
    await assert.rejects(answeredBy(byGroup, 'a', failing), InternalServerError);
    const byId = new Router({ model_list: list, fallbacks: [{ a: ['backup'] }] });
    assert.equal((await answeredBy(byId, 'a', failing)).model_id, 'z');
  });
});

describe('tag_regex', () => {
  const list = [
    entry('m', undefined, { id: 'claude-code', params: { tag_regex: ['^User-Agent: claude-code/'] } }),
    entry('m', undefined, { id: 'regular', params: { tags: ['default'] } }),
  ];

  test("matches 'User-Agent: <value>' when tag filtering is on; others get the default", async () => {
    const router = new Router({ model_list: list, enable_tag_filtering: true });
    assert.equal(router.readsUserAgent, true);
    for (let index = 0; index < 4; index++) {
      assert.equal((await answeredBy(router, 'm', { user_agent: 'claude-code/1.2.3' })).model_id, 'claude-code');
      assert.equal((await answeredBy(router, 'm', { user_agent: 'curl/8' })).model_id, 'regular');
      assert.equal((await answeredBy(router, 'm')).model_id, 'regular');
    }
  });

  test('is off without enable_tag_filtering', () => {
    assert.equal(new Router({ model_list: list }).readsUserAgent, false);
  });

  test('a request tag still wins through exact tags; no default and no match keeps every deployment', async () => {
    const router = new Router({
      model_list: [
        entry('m', undefined, { id: 'ua', params: { tag_regex: ['(?i)^user-agent: bot'] } }),
        entry('m', undefined, { id: 'paid', params: { tags: ['paid'] } }),
      ],
      enable_tag_filtering: true,
      random: () => 0.99,
    });
    assert.equal((await answeredBy(router, 'm', { user_agent: 'BOT/1' })).model_id, 'ua');
    assert.equal((await answeredBy(router, 'm', { tags: ['paid'], user_agent: 'other' })).model_id, 'paid');
    assert.equal((await answeredBy(router, 'm', { user_agent: 'other' })).model_id, 'paid');
  });

  test('is compiled once, and an invalid pattern is refused', () => {
    assert.ok(compileTagRegex('^User-Agent: x').test('User-Agent: xyz'));
    assert.throws(() => compileTagRegex('(unclosed'), /tag_regex: invalid regular expression/);
    assert.throws(
      () => new Router({ model_list: [entry('m', undefined, { params: { tag_regex: ['['] } })] }),
      /invalid regular expression/,
    );
  });

  test('is never sent to the provider', async () => {
    const router = new Router({ model_list: list, enable_tag_filtering: true });
    let sent: Record<string, unknown> = {};
    await router.dispatch({ model: 'm', user_agent: 'claude-code/1' }, {}, async (_target, hooks, call) => {
      sent = { ...call.request, ...call.litellm };
      hooks.finish(undefined);
      return 'done';
    });
    assert.equal(sent.tag_regex, undefined);
    assert.equal(sent.user_agent, undefined);
  });
});

test('the router reads exactly the settings it lists in ROUTER_SETTING_NAMES', () => {
  const read = new Set<string>();
  const notSettings = new Set(['model_list', 'state', 'transport', 'random']);
  const options = new Proxy({ model_list: [entry('m', undefined)] } as RouterOptions, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !notSettings.has(key)) read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  new Router(options);
  assert.deepEqual([...read].sort(), [...ROUTER_SETTING_NAMES].sort());
});
