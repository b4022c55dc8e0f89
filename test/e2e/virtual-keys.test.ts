// LiteLLM's /key/* management API and virtual-key authentication, through the real proxy, on the
// embedded PGlite and on the machine's PostgreSQL, as a key-management script drives them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { type KeyDatabasePlacement, keyDatabaseBackends } from '../../test-support/databases.js';
import { callManagement, keyDatabaseSettings, type ManagementAnswer } from '../../test-support/management-client.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { chatBody } from '../../test-support/router-helpers.js';

const MASTER = 'sk-master-keys-test';

const backends = await keyDatabaseBackends();

for (const backend of backends) {
  describe(`virtual keys on ${backend.name}`, { skip: backend.skip }, () => {
    let upstream: MockUpstream;
    let proxy: RunningProxy;
    let placement: KeyDatabasePlacement;

    const start = () =>
      startTestProxy(
        {
          model_list: ['gpt', 'claude'].map((name) => ({
            model_name: name,
            litellm_params: {
              model: `openai/${name}`,
              api_base: `${upstream.url}/v1`,
              api_key: 'sk-upstream',
              input_cost_per_token: 0.001,
              output_cost_per_token: 0.002,
            },
            model_info: {},
          })),
          router_settings: { fallbacks: [{ gpt: ['claude'] }] },
          general_settings: keyDatabaseSettings(placement, MASTER),
        },
        placement.dataDir ? { dataDir: placement.dataDir } : {},
      );

    before(async () => {
      upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatBody('hi')));
      placement = await backend.place();
      proxy = await start();
    });

    after(async () => {
      await proxy.stop();
      await upstream.close();
      await placement.cleanup();
    });

    const manage = (path: string, body?: object, key = MASTER): Promise<ManagementAnswer> =>
      callManagement(proxy.url, path, { body, key });

    const client = (key: string) => new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    const chat = (key: string, model = 'gpt') =>
      client(key).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });

    async function generate(body: object = {}): Promise<{ key: string; token: string }> {
      const { status, json } = await manage('/key/generate', body);
      assert.equal(status, 200, JSON.stringify(json));
      return json;
    }

    test('/key/generate shows the key once and stores only its hash', async () => {
      const { status, json } = await manage('/key/generate', { key_alias: 'ci-bot', metadata: { team: 'qa' } });
      assert.equal(status, 200);
      assert.match(json.key, /^sk-[A-Za-z0-9_-]{40,}$/);
      assert.match(json.token, /^[0-9a-f]{64}$/);
      assert.equal(json.key_name, `sk-...${json.key.slice(-4)}`);
      assert.equal(json.expires, null);
      assert.deepEqual(json.metadata, { team: 'qa' });
      const info = await manage(`/key/info?key=${json.key}`);
      assert.equal(info.status, 200);
      assert.equal(JSON.stringify(info.json.info).includes(json.key), false, 'the clear key is stored nowhere');
      assert.equal((await chat(json.key)).choices[0]?.message.content, 'hi');
    });

    test('a key limited to some models is refused the others (401 key_model_access_denied)', async () => {
      const { key } = await generate({ models: ['gpt'] });
      assert.ok(await chat(key, 'gpt'));
      await assert.rejects(chat(key, 'claude'), (error: { status?: number; code?: string }) => {
        assert.equal(error.status, 401);
        assert.equal(error.code, 'key_model_access_denied');
        return true;
      });
      const listed = await client(key).models.list();
      assert.deepEqual(
        listed.data.map((model) => model.id),
        ['gpt'],
        '/v1/models lists only what the key may use',
      );
      const info = await manage('/v1/model/info', undefined, key);
      assert.deepEqual(
        info.json.data.map((row: { model_name: string }) => row.model_name),
        ['gpt'],
      );
      const updated = await manage('/key/update', { key, models: ['gpt', 'claude'] });
      assert.equal(updated.status, 200);
      assert.ok(await chat(key, 'claude'), 'an update applies at once');
    });

    test('a fallback to a model the key may not use is skipped', async () => {
      const failing = async (key: string) =>
        fetch(`${proxy.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'gpt',
            mock_testing_fallbacks: true,
            messages: [{ role: 'user', content: 'Hi' }],
          }),
        });
      const admin = await failing(MASTER);
      assert.equal(admin.status, 200);
      assert.equal(admin.headers.get('x-litellm-model-group'), 'claude', 'the master key falls back');
      const { key } = await generate({ models: ['gpt'] });
      const limited = await failing(key);
      assert.equal(limited.status, 500, 'no fallback to claude for a gpt-only key');
      assert.equal(limited.headers.get('x-litellm-attempted-fallbacks'), '0');
    });

    test('unknown, blocked, expired and deleted keys are refused with 401', async () => {
      await assert.rejects(chat('sk-not-a-key-at-all-000000'), { status: 401 });
      const { key, token } = await generate();
      assert.equal((await manage('/key/block', { key })).status, 200);
      await assert.rejects(chat(key), { status: 401 });
      assert.equal((await manage('/key/unblock', { key })).status, 200);
      assert.ok(await chat(key));
      const expiring = await generate({ duration: '1s' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await assert.rejects(
        chat(expiring.key),
        (error: { status?: number; code?: string }) => error.status === 401 && error.code === 'key_expired',
      );
      const deleted = await manage('/key/delete', { keys: [key] });
      assert.deepEqual(deleted.json.deleted_keys, [token]);
      await assert.rejects(chat(key), { status: 401 });
    });

    test('/key/regenerate: the new key works, the old one is refused at once', async () => {
      const { key } = await generate({ key_alias: `rotate-${backend.name}` });
      const { status, json } = await manage(`/key/${key}/regenerate`, {});
      assert.equal(status, 200);
      assert.notEqual(json.key, key);
      assert.equal(json.key_alias, `rotate-${backend.name}`);
      await assert.rejects(chat(key), { status: 401 });
      assert.ok(await chat(json.key));
    });

    test('/key/info: a key reads its own info, not another key; admins read any; unknown is 404', async () => {
      const mine = await generate();
      const other = await generate();
      const own = await manage('/key/info', undefined, mine.key);
      assert.equal(own.status, 200);
      assert.equal(own.json.info.token, mine.token);
      assert.equal((await manage(`/key/info?key=${other.key}`, undefined, mine.key)).status, 403);
      assert.equal((await manage(`/key/info?key=${other.key}`)).status, 200);
      assert.equal((await manage('/key/info?key=sk-unknown-key-00000000000')).status, 404);
    });

    test('management calls need the master key (403 for a virtual key, 401 for none)', async () => {
      const { key } = await generate();
      const refused = await manage('/key/generate', {}, key);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, 'admin_only');
      assert.equal((await manage('/key/list', undefined, 'sk-wrong')).status, 401);
    });

    test('/key/list pages hashes; x-litellm-api-key authenticates too', async () => {
      const { key, token } = await generate({ user_id: `lister-${backend.name}` });
      const listed = await manage(`/key/list?user_id=lister-${backend.name}`);
      assert.deepEqual(listed.json, { keys: [token], total_count: 1, current_page: 1, total_pages: 1 });
      const response = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-litellm-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'Hi' }] }),
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-litellm-key-spend'), '0', "LiteLLM's key spend header");
      const health = await manage('/key/health', {}, key);
      assert.deepEqual([health.status, health.json.key], [200, 'healthy']);
    });

    test('every model call is one spend-log row, refusals and failures included; the key spend is their sum', async () => {
      const { key, token } = await generate({ models: ['gpt'], user_id: `spender-${backend.name}` });
      await chat(key);
      const stream = await client(key).chat.completions.create({
        model: 'gpt',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      });
      for await (const _ of stream) {
        /* drain */
      }
      await assert.rejects(chat(key, 'claude'), { status: 401 });
      await proxy.gateway.state.keys?.current?.spend.flush();
      const logs = await manage(`/spend/logs?api_key=${key}`);
      assert.equal(logs.status, 200);
      const rows = logs.json as { spend: number; status: string; model: string; user_id: string; api_key: string }[];
      assert.equal(rows.length, 3, JSON.stringify(rows));
      assert.deepEqual(rows.map((row) => row.status).sort(), ['failure', 'success', 'success']);
      assert.ok(rows.every((row) => row.api_key === token && row.user_id === `spender-${backend.name}`));
      const logged = rows.reduce((sum, row) => sum + row.spend, 0);
      assert.ok(logged > 0);
      const info = await manage(`/key/info?key=${key}`);
      assert.ok(Math.abs(info.json.info.spend - logged) < 1e-12, `key spend ${info.json.info.spend} = logs ${logged}`);
      assert.equal((await manage(`/spend/logs?api_key=${key}`, undefined, key)).status, 200, 'a key reads its own');
      const other = await generate();
      assert.equal((await manage(`/spend/logs?api_key=${key}`, undefined, other.key)).status, 403);
    });

    test('a key that has spent its max_budget is refused (400 budget_exceeded)', async () => {
      const { key } = await generate({ max_budget: 0.000_001 });
      assert.ok(await chat(key), 'under budget: served');
      await proxy.gateway.state.keys?.current?.spend.flush();
      // The key cache reads the key again after its second; the recorded spend is then over budget.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await assert.rejects(chat(key), (error: { status?: number; type?: string }) => {
        assert.equal(error.status, 400);
        assert.equal(error.type, 'budget_exceeded');
        return true;
      });
    });

    test("a key's team bounds it: the team's models, a blocked team, a team that must exist", async () => {
      const teamId = `team-${backend.name}`;
      assert.equal((await manage('/team/new', { team_id: teamId, models: ['gpt'] })).status, 200);
      const { key } = await generate({ team_id: teamId });
      assert.ok(await chat(key, 'gpt'));
      await assert.rejects(chat(key, 'claude'), (error: { status?: number; code?: string }) => {
        assert.equal(error.status, 401);
        assert.equal(error.code, 'key_model_access_denied');
        return true;
      });
      assert.equal((await manage('/team/block', { team_id: teamId })).status, 200);
      await assert.rejects(chat(key, 'gpt'), (error: { status?: number; code?: string }) => {
        assert.equal(error.status, 401);
        assert.equal(error.code, 'team_blocked');
        return true;
      });
      assert.equal((await manage('/team/unblock', { team_id: teamId })).status, 200);
      assert.ok(await chat(key, 'gpt'));
      const unknown = await manage('/key/generate', { team_id: 'no-such-team' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error.code, 'team_not_found');
    });

    test("a blocked end user (the request's user) is refused (401 customer_blocked)", async () => {
      const { key } = await generate();
      const asUser = (user: string) =>
        client(key).chat.completions.create({ model: 'gpt', user, messages: [{ role: 'user', content: 'Hi' }] });
      const user = `customer-${backend.name}`;
      assert.ok(await asUser(user));
      assert.equal((await manage('/customer/block', { user_ids: [user] })).status, 200);
      await assert.rejects(asUser(user), (error: { status?: number; code?: string }) => {
        assert.equal(error.status, 401);
        assert.equal(error.code, 'customer_blocked');
        return true;
      });
      assert.ok(await asUser('someone-else'), 'other end users are served');
      assert.equal((await manage('/customer/unblock', { user_ids: [user] })).status, 200);
      assert.ok(await asUser(user));
    });

    test('a team, user or end user that has spent its max_budget is refused too', async () => {
      const teamId = `poor-team-${backend.name}`;
      assert.equal((await manage('/team/new', { team_id: teamId, max_budget: 0.000_001 })).status, 200);
      const member = await generate({ team_id: teamId });
      const poorUser = await manage('/user/new', { user_id: `poor-${backend.name}`, max_budget: 0.000_001 });
      assert.equal(poorUser.status, 200);
      const userKey: string = poorUser.json.key;
      const user = `poor-user-${backend.name}`;
      assert.equal((await manage('/customer/new', { user_id: user, max_budget: 0.000_001 })).status, 200);
      const { key } = await generate();
      const asUser = () =>
        client(key).chat.completions.create({ model: 'gpt', user, messages: [{ role: 'user', content: 'Hi' }] });
      assert.ok(await chat(member.key));
      assert.ok(await chat(userKey));
      assert.ok(await asUser());
      await proxy.gateway.state.keys?.current?.spend.flush();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (const call of [() => chat(member.key), () => chat(userKey), asUser]) {
        await assert.rejects(call(), (error: { status?: number; type?: string }) => {
          assert.equal(error.status, 400);
          assert.equal(error.type, 'budget_exceeded');
          return true;
        });
      }
      assert.equal((await manage('/key/info', undefined, member.key)).status, 200, 'management still works');
    });

    test('budget_duration: a spent budget is back once its duration has run out', async () => {
      const { key } = await generate({ max_budget: 0.000_001, budget_duration: '1s' });
      assert.ok(await chat(key));
      await proxy.gateway.state.keys?.current?.spend.flush();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await assert.rejects(chat(key), { status: 400 });
      assert.ok(((await proxy.gateway.state.keys?.current?.resetBudgets()) ?? 0) >= 1);
      const info = await manage(`/key/info?key=${key}`);
      assert.equal(info.json.info.spend, 0);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.ok(await chat(key), 'served again after the reset');
    });

    test("a proxy_admin user's key may manage keys; an internal_user's may not", async () => {
      const admin = await manage('/user/new', { user_id: `admin-${backend.name}`, user_role: 'proxy_admin' });
      const member = await manage('/user/new', { user_id: `member-${backend.name}`, user_role: 'internal_user' });
      assert.equal((await manage('/key/generate', {}, admin.json.key)).status, 200);
      assert.equal((await manage('/key/generate', {}, member.json.key)).status, 403);
    });

    test('a team admin makes keys for its own team only', async () => {
      const team = `admins-${backend.name}`;
      const other = `others-${backend.name}`;
      const lead = await manage('/user/new', { user_id: `lead-${backend.name}` });
      const leadKey: string = lead.json.key;
      assert.equal(
        (
          await manage('/team/new', {
            team_id: team,
            members_with_roles: [{ user_id: `lead-${backend.name}`, role: 'admin' }],
          })
        ).status,
        200,
      );
      assert.equal((await manage('/team/new', { team_id: other })).status, 200);
      const made = await manage('/key/generate', { team_id: team }, leadKey);
      assert.equal(made.status, 200);
      assert.equal(made.json.team_id, team);
      assert.ok(await chat(made.json.key));
      assert.equal((await manage('/key/generate', { team_id: other }, leadKey)).status, 403);
      assert.equal((await manage('/key/generate', {}, leadKey)).status, 403);
      assert.equal((await manage('/key/generate', { team_id: team, user_id: 'someone' }, leadKey)).status, 403);
    });

    test('a restart keeps every key', async () => {
      const { key } = await generate({ key_alias: `survivor-${backend.name}` });
      const answer = await chat(key);
      // No flush: a graceful stop writes what is pending.
      await proxy.stop();
      proxy = await start();
      assert.ok(await chat(key));
      const logs = await manage(`/spend/logs?api_key=${key}`);
      assert.ok(
        (logs.json as { request_id: string }[]).length >= 1,
        `the call before the stop (${answer.id}) was logged: ${JSON.stringify(logs.json)}`,
      );
    });
  });
}
