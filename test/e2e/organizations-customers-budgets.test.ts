// LiteLLM's /organization/*, /customer/* and /budget/* management API through the real proxy, on the
// embedded PGlite and on the machine's PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { type KeyDatabasePlacement, keyDatabaseBackends } from '../../test-support/databases.js';
import { callManagement, keyDatabaseSettings, type ManagementAnswer } from '../../test-support/management-client.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const MASTER = 'sk-master-org-test';

const backends = await keyDatabaseBackends();

for (const backend of backends) {
  describe(`organizations, customers and budgets on ${backend.name}`, { skip: backend.skip }, () => {
    let proxy: RunningProxy;
    let placement: KeyDatabasePlacement;

    before(async () => {
      placement = await backend.place();
      proxy = await startTestProxy(
        {
          model_list: [
            {
              model_name: 'gpt',
              litellm_params: { model: 'openai/gpt', api_base: 'http://127.0.0.1:9/v1', api_key: 'sk-upstream' },
              model_info: {},
            },
          ],
          general_settings: keyDatabaseSettings(placement, MASTER),
        },
        placement.dataDir ? { dataDir: placement.dataDir } : {},
      );
    });

    after(async () => {
      await proxy.stop();
      await placement.cleanup();
    });

    const manage = (path: string, body?: object, key = MASTER, method?: string): Promise<ManagementAnswer> =>
      callManagement(proxy.url, path, { body, key, method });

    /** A call that must fail: its status and `error.code` (and `error.param` when asked). */
    async function refused(
      path: string,
      body: object | undefined,
      expected: { status: number; code: string; param?: string },
      key = MASTER,
    ) {
      const { status, json } = await manage(path, body, key);
      assert.equal(status, expected.status, `${path}: ${JSON.stringify(json)}`);
      assert.equal(json.error.code, expected.code, `${path}: ${JSON.stringify(json)}`);
      if (expected.param !== undefined) assert.equal(json.error.param, expected.param);
    }

    async function ok(path: string, body?: object) {
      const { status, json } = await manage(path, body);
      assert.equal(status, 200, `${path}: ${JSON.stringify(json)}`);
      return json;
    }

    test('budgets: new (id generated or given), info, update, list, delete; duplicates 400, unknown 404', async () => {
      const given = await ok('/budget/new', {
        budget_id: 'free-tier',
        max_budget: 10,
        soft_budget: 8,
        tpm_limit: 1000,
        rpm_limit: 10,
        max_parallel_requests: 2,
        model_max_budget: { gpt: { max_budget: 1 } },
        budget_duration: '30d',
      });
      assert.equal(given.budget_id, 'free-tier');
      assert.deepEqual(
        [given.max_budget, given.soft_budget, given.tpm_limit, given.rpm_limit, given.max_parallel_requests],
        [10, 8, 1000, 10, 2],
      );
      assert.deepEqual(given.model_max_budget, { gpt: { max_budget: 1 } });
      assert.equal(given.budget_duration, '30d');
      assert.ok(Date.parse(given.budget_reset_at) > Date.now() + 29 * 86_400_000, 'reset 30 days on');
      const generated = await ok('/budget/new', { max_budget: 1 });
      assert.match(generated.budget_id, /^[0-9a-f-]{36}$/);

      await refused(
        '/budget/new',
        { budget_id: 'free-tier' },
        { status: 400, code: 'invalid_value', param: 'budget_id' },
      );
      await refused(
        '/budget/new',
        { max_budget: -1 },
        { status: 400, code: 'integer_below_min_value', param: 'max_budget' },
      );
      await refused('/budget/new', { tpm_limit: 'many' }, { status: 400, code: 'invalid_type', param: 'tpm_limit' });
      await refused(
        '/budget/new',
        { budget_duration: 'soon' },
        { status: 400, code: 'invalid_value', param: 'budget_duration' },
      );

      const info = await ok('/budget/info', { budgets: [generated.budget_id, 'free-tier'] });
      assert.deepEqual(
        info.map((row: { budget_id: string }) => row.budget_id),
        [generated.budget_id, 'free-tier'],
      );
      await refused('/budget/info', { budgets: ['free-tier', 'nope'] }, { status: 404, code: 'budget_not_found' });
      await refused('/budget/info', {}, { status: 400, code: 'missing_required_parameter', param: 'budgets' });

      const updated = await ok('/budget/update', { budget_id: 'free-tier', max_budget: 20, rpm_limit: null });
      assert.deepEqual([updated.max_budget, updated.rpm_limit, updated.tpm_limit], [20, null, 1000]);
      await refused('/budget/update', { budget_id: 'nope', max_budget: 1 }, { status: 404, code: 'budget_not_found' });
      await refused(
        '/budget/update',
        { max_budget: 1 },
        { status: 400, code: 'missing_required_parameter', param: 'budget_id' },
      );

      const listed = await ok('/budget/list');
      assert.deepEqual(
        listed.map((row: { budget_id: string }) => row.budget_id).sort(),
        [generated.budget_id, 'free-tier'].sort(),
      );
      const deleted = await ok('/budget/delete', { id: generated.budget_id });
      assert.equal(deleted.budget_id, generated.budget_id);
      await refused('/budget/delete', { id: generated.budget_id }, { status: 404, code: 'budget_not_found' });
      await refused('/budget/delete', {}, { status: 400, code: 'missing_required_parameter', param: 'id' });
      assert.deepEqual(
        (await ok('/budget/list')).map((row: { budget_id: string }) => row.budget_id),
        ['free-tier'],
      );
    });

    test('customers: new, info, update, block, unblock, list, delete; duplicates 400, unknown 404', async () => {
      await ok('/budget/new', { budget_id: 'paid-tier', max_budget: 100 });
      const created = await ok('/customer/new', {
        user_id: 'acme-1',
        alias: 'Acme',
        max_budget: 5,
        budget_duration: '1d',
        allowed_model_region: 'eu',
        default_model: 'gpt',
      });
      assert.deepEqual(
        [
          created.user_id,
          created.alias,
          created.max_budget,
          created.blocked,
          created.allowed_model_region,
          created.default_model,
        ],
        ['acme-1', 'Acme', 5, false, 'eu', 'gpt'],
      );
      assert.equal(created.spend, 0);
      assert.equal(created.litellm_budget_table, null);
      await refused('/customer/new', { user_id: 'acme-1' }, { status: 400, code: 'invalid_value', param: 'user_id' });
      await refused(
        '/customer/new',
        { alias: 'no id' },
        { status: 400, code: 'missing_required_parameter', param: 'user_id' },
      );
      await refused(
        '/customer/new',
        { user_id: 'x', allowed_model_region: 'mars' },
        { status: 400, code: 'invalid_value', param: 'allowed_model_region' },
      );
      await refused('/customer/new', { user_id: 'x', budget_id: 'nope' }, { status: 404, code: 'budget_not_found' });

      const info = await ok('/customer/info?end_user_id=acme-1');
      assert.equal(info.alias, 'Acme');
      await refused('/customer/info?end_user_id=nobody', undefined, { status: 404, code: 'customer_not_found' });
      await refused('/customer/info', undefined, {
        status: 400,
        code: 'missing_required_parameter',
        param: 'end_user_id',
      });

      const moved = await ok('/customer/update', { user_id: 'acme-1', budget_id: 'paid-tier', alias: 'Acme Inc' });
      assert.equal(moved.alias, 'Acme Inc');
      assert.equal(moved.max_budget, 5, 'fields not named are kept');
      assert.equal(moved.litellm_budget_table.budget_id, 'paid-tier');
      assert.equal(moved.litellm_budget_table.max_budget, 100);
      await refused('/customer/update', { user_id: 'nobody', alias: 'x' }, { status: 404, code: 'customer_not_found' });

      const blocked = await ok('/customer/block', { user_ids: ['acme-1', 'new-2'] });
      assert.deepEqual(
        blocked.blocked_users.map((row: { user_id: string; blocked: boolean }) => [row.user_id, row.blocked]).sort(),
        [
          ['acme-1', true],
          ['new-2', true],
        ],
      );
      assert.equal((await ok('/customer/info?end_user_id=new-2')).blocked, true, 'a block creates an unknown customer');
      const unblocked = await ok('/customer/unblock', { user_ids: ['acme-1'] });
      assert.deepEqual(
        unblocked.unblocked_users.map((row: { blocked: boolean }) => row.blocked),
        [false],
      );
      assert.equal((await ok('/customer/info?end_user_id=acme-1')).blocked, false);
      await refused('/customer/unblock', { user_ids: ['nobody'] }, { status: 404, code: 'customer_not_found' });
      await refused('/customer/block', { user_ids: [] }, { status: 400, code: 'empty_array', param: 'user_ids' });
      await refused(
        '/customer/block',
        { user_ids: 'acme-1' },
        { status: 400, code: 'invalid_type', param: 'user_ids' },
      );

      const listed = await ok('/customer/list');
      assert.deepEqual(listed.map((row: { user_id: string }) => row.user_id).sort(), ['acme-1', 'new-2']);
      const withBudget = listed.find((row: { user_id: string }) => row.user_id === 'acme-1');
      assert.equal(withBudget.litellm_budget_table.budget_id, 'paid-tier');
      assert.equal((await ok('/end_user/info?end_user_id=acme-1')).user_id, 'acme-1', "LiteLLM's older path");

      await refused(
        '/customer/delete',
        { user_ids: ['acme-1', 'nobody'] },
        { status: 404, code: 'customer_not_found' },
      );
      assert.equal(
        (await ok('/customer/info?end_user_id=acme-1')).user_id,
        'acme-1',
        'a refused delete deletes nothing',
      );
      const deleted = await ok('/customer/delete', { user_ids: ['acme-1', 'new-2'] });
      assert.equal(deleted.deleted_customers, 2);
      assert.deepEqual(await ok('/customer/list'), []);

      await ok('/customer/new', { user_id: 'on-budget', budget_id: 'paid-tier' });
      await ok('/budget/delete', { id: 'paid-tier' });
      const orphan = await ok('/customer/info?end_user_id=on-budget');
      assert.deepEqual(
        [orphan.budget_id, orphan.litellm_budget_table],
        [null, null],
        'a deleted budget unlinks its customers',
      );
    });

    test('organizations: new, info, update, member_add, list, delete; duplicates 400, unknown 404', async () => {
      const org = await ok('/organization/new', {
        organization_alias: 'Research',
        models: ['gpt'],
        max_budget: 50,
        budget_duration: '1mo',
        tpm_limit: 5000,
        rpm_limit: 50,
        metadata: { cost_center: 'r&d' },
      });
      assert.match(org.organization_id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        [org.organization_alias, org.models, org.metadata],
        ['Research', ['gpt'], { cost_center: 'r&d' }],
      );
      assert.deepEqual(
        [
          org.litellm_budget_table.max_budget,
          org.litellm_budget_table.tpm_limit,
          org.litellm_budget_table.budget_duration,
        ],
        [50, 5000, '1mo'],
      );
      await ok('/organization/new', { organization_id: 'org-b', organization_alias: 'Sales' });
      await refused(
        '/organization/new',
        { organization_id: 'org-b', organization_alias: 'Again' },
        { status: 400, code: 'invalid_value', param: 'organization_id' },
      );
      await refused(
        '/organization/new',
        { models: ['gpt'] },
        { status: 400, code: 'missing_required_parameter', param: 'organization_alias' },
      );
      await refused(
        '/organization/new',
        { organization_alias: 'x', rpm_limit: 1.5 },
        { status: 400, param: 'rpm_limit', code: 'invalid_type' },
      );

      const updated = await ok('/organization/update', {
        organization_id: org.organization_id,
        organization_alias: 'R&D',
        max_budget: 75,
      });
      assert.deepEqual([updated.organization_alias, updated.max_budget, updated.models], ['R&D', 75, ['gpt']]);
      await refused(
        '/organization/update',
        { organization_id: 'nope', organization_alias: 'x' },
        { status: 404, code: 'organization_not_found' },
      );

      // LiteLLM's own method for the update (PATCH) works too.
      const patched = await manage(
        '/organization/update',
        { organization_id: org.organization_id, organization_alias: 'R&D' },
        MASTER,
        'PATCH',
      );
      assert.deepEqual([patched.status, patched.json.organization_alias], [200, 'R&D']);

      const added = await ok('/organization/member_add', {
        organization_id: org.organization_id,
        member: [
          { user_id: 'alice', role: 'org_admin' },
          { user_email: 'bob@example.com', role: 'internal_user_viewer' },
        ],
      });
      assert.equal(added.organization_id, org.organization_id);
      assert.deepEqual(
        added.updated_users.map((user: { user_id: string; user_role: string }) => user.user_role),
        ['internal_user', 'internal_user'],
        'unknown users are created as internal users',
      );
      assert.equal(added.updated_users[0].user_id, 'alice');
      assert.equal(added.updated_users[1].user_email, 'bob@example.com');
      assert.deepEqual(
        added.updated_organization_memberships.map((row: { user_role: string }) => row.user_role),
        ['org_admin', 'internal_user_viewer'],
      );
      const again = await ok('/organization/member_add', {
        organization_id: org.organization_id,
        member: { user_email: 'bob@example.com', role: 'internal_user' },
      });
      assert.equal(again.updated_users[0].user_id, added.updated_users[1].user_id, 'a known email is the same user');
      assert.equal(again.updated_organization_memberships[0].user_role, 'internal_user', 'a member gets the new role');
      await refused(
        '/organization/member_add',
        { organization_id: org.organization_id, member: { user_id: 'carol', role: 'owner' } },
        { status: 400, code: 'invalid_value', param: 'member.role' },
      );
      await refused(
        '/organization/member_add',
        { organization_id: org.organization_id, member: { role: 'org_admin' } },
        { status: 400, code: 'missing_required_parameter', param: 'member.user_id' },
      );
      await refused(
        '/organization/member_add',
        { organization_id: 'nope', member: { user_id: 'carol', role: 'org_admin' } },
        { status: 404, code: 'organization_not_found' },
      );

      const info = await ok(`/organization/info?organization_id=${org.organization_id}`);
      assert.equal(info.organization_alias, 'R&D');
      assert.deepEqual(info.members.map((row: { user_id: string; user_role: string }) => row.user_role).sort(), [
        'internal_user',
        'org_admin',
      ]);
      assert.deepEqual(info.teams, []);
      await refused('/organization/info?organization_id=nope', undefined, {
        status: 404,
        code: 'organization_not_found',
      });
      await refused('/organization/info', undefined, {
        status: 400,
        code: 'missing_required_parameter',
        param: 'organization_id',
      });

      const listed = await ok('/organization/list');
      assert.deepEqual(listed.map((row: { organization_alias: string }) => row.organization_alias).sort(), [
        'R&D',
        'Sales',
      ]);
      assert.equal(
        listed.find((row: { organization_id: string }) => row.organization_id === 'org-b').members.length,
        0,
      );

      await refused(
        '/organization/delete',
        { organization_ids: ['org-b', 'nope'] },
        { status: 404, code: 'organization_not_found' },
      );
      const deleted = await ok('/organization/delete', { organization_ids: [org.organization_id, 'org-b'] });
      assert.deepEqual(
        deleted.map((row: { organization_id: string }) => row.organization_id).sort(),
        [org.organization_id, 'org-b'].sort(),
      );
      assert.deepEqual(await ok('/organization/list'), []);
      await refused(
        '/organization/delete',
        { organization_ids: [] },
        { status: 400, code: 'empty_array', param: 'organization_ids' },
      );
    });

    test('every route is the proxy admin’s: 403 admin_only for a virtual key', async () => {
      const generated = await ok('/key/generate', {});
      const routes: [string, object | undefined][] = [
        ['/organization/new', { organization_alias: 'x' }],
        ['/organization/update', { organization_id: 'x' }],
        ['/organization/delete', { organization_ids: ['x'] }],
        ['/organization/info?organization_id=x', undefined],
        ['/organization/list', undefined],
        ['/organization/member_add', { organization_id: 'x', member: { user_id: 'u', role: 'org_admin' } }],
        ['/customer/new', { user_id: 'x' }],
        ['/customer/info?end_user_id=x', undefined],
        ['/customer/update', { user_id: 'x' }],
        ['/customer/delete', { user_ids: ['x'] }],
        ['/customer/block', { user_ids: ['x'] }],
        ['/customer/unblock', { user_ids: ['x'] }],
        ['/customer/list', undefined],
        ['/budget/new', {}],
        ['/budget/info', { budgets: ['x'] }],
        ['/budget/update', { budget_id: 'x' }],
        ['/budget/delete', { id: 'x' }],
        ['/budget/list', undefined],
      ];
      for (const [path, body] of routes) {
        await refused(path, body, { status: 403, code: 'admin_only' }, generated.key);
      }
      await refused('/customer/info?end_user_id=x', undefined, { status: 404, code: 'customer_not_found' });
      assert.deepEqual(await ok('/organization/list'), [], 'the refused calls created nothing');
    });
  });
}
