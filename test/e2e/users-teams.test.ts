// LiteLLM's /user/* and /team/* management API through the real proxy, on the embedded PGlite and on
// the machine's PostgreSQL: the proxy admin, a team admin's key, and denials between teams.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { type KeyDatabasePlacement, keyDatabaseBackends } from '../../test-support/databases.js';
import { callManagement, keyDatabaseSettings, type ManagementAnswer } from '../../test-support/management-client.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { chatBody } from '../../test-support/router-helpers.js';

const MASTER = 'sk-master-users-teams-test';

const backends = await keyDatabaseBackends();

for (const backend of backends) {
  describe(`users and teams on ${backend.name}`, { skip: backend.skip }, () => {
    let upstream: MockUpstream;
    let proxy: RunningProxy;
    let placement: KeyDatabasePlacement;

    before(async () => {
      upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatBody('hi')));
      placement = await backend.place();
      proxy = await startTestProxy(
        {
          model_list: [
            {
              model_name: 'gpt',
              litellm_params: { model: 'openai/gpt', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream' },
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
      await upstream.close();
      await placement.cleanup();
    });

    const manage = (path: string, body?: object, key = MASTER): Promise<ManagementAnswer> =>
      callManagement(proxy.url, path, { body, key });

    // biome-ignore lint/suspicious/noExplicitAny: as manage
    async function ok(path: string, body?: object, key = MASTER): Promise<any> {
      const { status, json } = await manage(path, body, key);
      assert.equal(status, 200, `${path}: ${JSON.stringify(json)}`);
      return json;
    }

    async function refused(path: string, body: object | undefined, key: string, status: number, code: string) {
      const answer = await manage(path, body, key);
      assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.json)}`);
      assert.equal(answer.json.error?.code, code, `${path}: ${JSON.stringify(answer.json)}`);
    }

    const chat = (key: string) =>
      fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'Hi' }] }),
      });

    const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

    test('/user/new creates the user and a working key, shown once', async () => {
      const userId = unique('alice');
      const created = await ok('/user/new', {
        user_id: userId,
        user_email: 'alice@example.com',
        user_alias: 'Alice',
        models: ['gpt'],
        max_budget: 10,
        budget_duration: '30d',
        tpm_limit: 1000,
        rpm_limit: 10,
        metadata: { cost_center: 'qa' },
      });
      assert.equal(created.user_id, userId);
      assert.match(created.key, /^sk-/);
      assert.match(created.token, /^[0-9a-f]{64}$/);
      assert.equal(created.user_role, 'internal_user');
      assert.equal(created.user_email, 'alice@example.com');
      assert.deepEqual(created.models, ['gpt']);
      assert.equal(created.max_budget, 10);
      assert.ok(created.budget_reset_at, 'budget_duration sets the next reset');
      assert.deepEqual(created.metadata, { cost_center: 'qa' });
      assert.equal((await chat(created.key)).status, 200);
      const generated = await ok('/user/new', {});
      assert.match(generated.user_id, /^[0-9a-f-]{36}$/, 'a uuid when user_id is absent');
      await refused('/user/new', { user_id: userId }, MASTER, 400, 'invalid_value');
      await refused('/user/new', { user_role: 'emperor' }, MASTER, 400, 'invalid_value');
      await refused('/user/new', { teams: ['no-such-team'] }, MASTER, 404, 'team_not_found');
    });

    test('/user/info, /user/update, /user/list', async () => {
      const teamId = unique('info-team');
      await ok('/team/new', { team_id: teamId });
      const userId = unique('bob');
      const { key, token } = await ok('/user/new', {
        user_id: userId,
        teams: [teamId],
        user_role: 'internal_user_viewer',
      });
      const info = await ok(`/user/info?user_id=${userId}`);
      assert.equal(info.user_id, userId);
      assert.equal(info.user_info.user_role, 'internal_user_viewer');
      assert.deepEqual(
        info.keys.map((row: { token: string }) => row.token),
        [token],
      );
      assert.equal(JSON.stringify(info).includes(key), false, 'the clear key is shown nowhere');
      assert.deepEqual(
        info.teams.map((team: { team_id: string }) => team.team_id),
        [teamId],
      );
      const own = await ok('/user/info', undefined, key);
      assert.equal(own.user_id, userId, 'a key reads its own user without parameters');
      await refused('/user/info?user_id=nobody', undefined, MASTER, 404, 'user_not_found');

      const updated = await ok('/user/update', { user_id: userId, user_alias: 'Bob', max_budget: 5 });
      assert.equal(updated.user_id, userId);
      assert.equal(updated.data.user_alias, 'Bob');
      assert.equal(updated.data.max_budget, 5);
      assert.equal((await ok(`/user/info?user_id=${userId}`)).user_info.user_alias, 'Bob');
      await refused('/user/update', { user_id: 'nobody', user_alias: 'x' }, MASTER, 404, 'user_not_found');

      const first = await ok('/user/list?page=1&page_size=2');
      assert.equal(first.page, 1);
      assert.equal(first.page_size, 2);
      assert.equal(first.users.length, 2);
      assert.ok(first.total >= 2);
      assert.equal(first.total_pages, Math.ceil(first.total / 2));
      const viewers = await ok('/user/list?role=internal_user_viewer');
      assert.ok(viewers.users.some((user: { user_id: string }) => user.user_id === userId));
      assert.ok(viewers.users.every((user: { user_role: string }) => user.user_role === 'internal_user_viewer'));
    });

    test('/user/delete removes the user and its keys: the key is refused at once (401)', async () => {
      const userId = unique('carol');
      const { key, token } = await ok('/user/new', { user_id: userId });
      assert.equal((await chat(key)).status, 200);
      const deleted = await ok('/user/delete', { user_ids: [userId] });
      assert.deepEqual(deleted.deleted_users, [userId]);
      assert.deepEqual(deleted.deleted_keys, [token]);
      assert.equal((await chat(key)).status, 401);
      await refused(`/user/info?user_id=${userId}`, undefined, MASTER, 404, 'user_not_found');
      await refused('/user/delete', { user_ids: [userId] }, MASTER, 404, 'user_not_found');
      await refused('/user/delete', {}, MASTER, 400, 'invalid_value');
    });

    test('/team/new with members, /team/info, /team/list, /team/update, /team/delete', async () => {
      const teamId = unique('team');
      const known = unique('known');
      await ok('/user/new', { user_id: known });
      const fresh = unique('fresh');
      const team = await ok('/team/new', {
        team_id: teamId,
        team_alias: 'Platform',
        models: ['gpt'],
        max_budget: 100,
        budget_duration: '1mo',
        tpm_limit: 5000,
        rpm_limit: 50,
        metadata: { owner: 'infra' },
        tags: ['prod'],
        members_with_roles: [
          { user_id: known, role: 'admin' },
          { user_id: fresh, role: 'user' },
        ],
      });
      assert.equal(team.team_id, teamId);
      assert.equal(team.team_alias, 'Platform');
      assert.deepEqual(team.tags, ['prod']);
      assert.equal(team.blocked, false);
      assert.deepEqual(
        new Set(
          team.members_with_roles.map(
            (member: { user_id: string; role: string }) => `${member.user_id}:${member.role}`,
          ),
        ),
        new Set([`${known}:admin`, `${fresh}:user`]),
      );
      const freshUser = await ok(`/user/info?user_id=${fresh}`);
      assert.equal(freshUser.user_info.user_role, 'internal_user', 'an unknown member is created');
      const generatedTeam = await ok('/team/new', {});
      assert.match(generatedTeam.team_id, /^[0-9a-f-]{36}$/);
      await refused('/team/new', { team_id: teamId }, MASTER, 400, 'invalid_value');

      const { token } = await ok('/key/generate', { team_id: teamId });
      const info = await ok(`/team/info?team_id=${teamId}`);
      assert.equal(info.team_id, teamId);
      assert.equal(info.team_info.team_alias, 'Platform');
      assert.deepEqual(
        info.keys.map((row: { token: string }) => row.token),
        [token],
      );
      assert.equal(info.team_memberships.length, 2);
      await refused('/team/info?team_id=nothing', undefined, MASTER, 404, 'team_not_found');

      const listed = await ok('/team/list');
      assert.ok(Array.isArray(listed));
      assert.ok(listed.some((row: { team_id: string }) => row.team_id === teamId));
      const mine = await ok(`/team/list?user_id=${fresh}`);
      assert.deepEqual(
        mine.map((row: { team_id: string }) => row.team_id),
        [teamId],
      );

      const updated = await ok('/team/update', { team_id: teamId, team_alias: 'Platform 2', tags: [] });
      assert.equal(updated.team_id, teamId);
      assert.equal(updated.data.team_alias, 'Platform 2');
      assert.deepEqual(updated.data.tags, []);
      await refused('/team/update', { team_id: 'nothing', team_alias: 'x' }, MASTER, 404, 'team_not_found');

      const deleted = await ok('/team/delete', { team_ids: [teamId] });
      assert.deepEqual(deleted.deleted_teams, [teamId]);
      assert.deepEqual(deleted.deleted_keys, [token], "the team's keys go with it");
      await refused(`/team/info?team_id=${teamId}`, undefined, MASTER, 404, 'team_not_found');
      await refused('/team/delete', { team_ids: [teamId] }, MASTER, 404, 'team_not_found');
    });

    test('/team/member_add, /team/member_delete, /team/block, /team/unblock', async () => {
      const teamId = unique('members');
      await ok('/team/new', { team_id: teamId });
      const one = unique('one');
      const two = unique('two');
      const added = await ok('/team/member_add', { team_id: teamId, member: { user_id: one, role: 'admin' } });
      assert.deepEqual(added.members_with_roles, [{ user_id: one, role: 'admin' }]);
      assert.deepEqual(
        added.updated_users.map((user: { user_id: string }) => user.user_id),
        [one],
      );
      assert.equal(added.updated_team_memberships[0].role, 'admin');
      const many = await ok('/team/member_add', { team_id: teamId, member: [{ user_id: two }] });
      assert.equal(many.members_with_roles.length, 2);
      assert.equal(
        many.members_with_roles.find((member: { user_id: string }) => member.user_id === two).role,
        'user',
        "LiteLLM's default team role",
      );
      await refused(
        '/team/member_add',
        { team_id: 'nothing', member: { user_id: one } },
        MASTER,
        404,
        'team_not_found',
      );
      await refused(
        '/team/member_add',
        { team_id: teamId, member: { role: 'user' } },
        MASTER,
        400,
        'missing_required_parameter',
      );

      const removed = await ok('/team/member_delete', { team_id: teamId, user_id: two });
      assert.deepEqual(removed.members_with_roles, [{ user_id: one, role: 'admin' }]);
      await refused('/team/member_delete', { team_id: teamId, user_id: two }, MASTER, 404, 'user_not_found');

      assert.equal((await ok('/team/block', { team_id: teamId })).blocked, true);
      assert.equal((await ok(`/team/info?team_id=${teamId}`)).team_info.blocked, true);
      assert.equal((await ok('/team/unblock', { team_id: teamId })).blocked, false);
      await refused('/team/block', { team_id: 'nothing' }, MASTER, 404, 'team_not_found');
    });

    test('a team admin manages its own team only; other keys get 403 admin_only', async () => {
      const teamA = unique('team-a');
      const teamB = unique('team-b');
      const adminA = unique('admin-a');
      const memberA = unique('member-a');
      await ok('/team/new', {
        team_id: teamA,
        members_with_roles: [
          { user_id: adminA, role: 'admin' },
          { user_id: memberA, role: 'user' },
        ],
      });
      await ok('/team/new', { team_id: teamB, members_with_roles: [{ user_id: unique('admin-b'), role: 'admin' }] });
      const adminKey = (await ok('/key/generate', { user_id: adminA, team_id: teamA })).key;
      const memberKey = (await ok('/key/generate', { user_id: memberA, team_id: teamA })).key;

      // Team A's admin, on team A.
      const info = await ok(`/team/info?team_id=${teamA}`, undefined, adminKey);
      assert.equal(info.team_id, teamA);
      const newcomer = unique('newcomer');
      await ok('/team/member_add', { team_id: teamA, member: { user_id: newcomer, role: 'user' } }, adminKey);
      await ok('/team/member_delete', { team_id: teamA, user_id: newcomer }, adminKey);
      assert.equal((await ok('/team/update', { team_id: teamA, team_alias: 'A' }, adminKey)).data.team_alias, 'A');

      await ok('/team/block', { team_id: teamA });
      // The team admin's own key belongs to the blocked team: it is refused before anything else.
      await refused('/team/update', { team_id: teamA, blocked: false }, adminKey, 401, 'team_blocked');
      assert.equal((await ok(`/team/info?team_id=${teamA}`)).team_info.blocked, true, 'a team admin cannot unblock');
      await ok('/team/unblock', { team_id: teamA });

      // Team A's admin, on team B: nothing read, nothing changed.
      await refused(`/team/info?team_id=${teamB}`, undefined, adminKey, 403, 'admin_only');
      await refused('/team/member_add', { team_id: teamB, member: { user_id: adminA } }, adminKey, 403, 'admin_only');
      await refused('/team/member_delete', { team_id: teamB, user_id: adminA }, adminKey, 403, 'admin_only');
      await refused('/team/update', { team_id: teamB, team_alias: 'hijacked' }, adminKey, 403, 'admin_only');
      const teamBInfo = await ok(`/team/info?team_id=${teamB}`);
      assert.equal(teamBInfo.team_info.team_alias, null, 'team B is unchanged');
      assert.equal(teamBInfo.team_memberships.length, 1);
      await refused('/team/info?team_id=nothing', undefined, adminKey, 403, 'admin_only');

      // A plain member of team A manages nothing.
      await refused(`/team/info?team_id=${teamA}`, undefined, memberKey, 403, 'admin_only');
      await refused(
        '/team/member_add',
        { team_id: teamA, member: { user_id: memberA, role: 'admin' } },
        memberKey,
        403,
        'admin_only',
      );
      await refused('/team/update', { team_id: teamA, max_budget: 1e6 }, memberKey, 403, 'admin_only');

      // Admin-only routes stay admin-only for a team admin.
      for (const [path, body] of [
        ['/user/new', {}],
        ['/user/update', { user_id: memberA }],
        ['/user/delete', { user_ids: [memberA] }],
        ['/user/list', undefined],
        ['/team/new', {}],
        ['/team/delete', { team_ids: [teamA] }],
        ['/team/list', undefined],
        ['/team/block', { team_id: teamA }],
        ['/team/unblock', { team_id: teamA }],
      ] as const) {
        await refused(path, body, adminKey, 403, 'admin_only');
      }
      await refused(`/user/info?user_id=${memberA}`, undefined, adminKey, 403, 'admin_only');
      assert.equal((await ok('/user/info', undefined, memberKey)).user_id, memberA);
      assert.equal((await ok(`/team/info?team_id=${teamA}`)).team_memberships.length, 2, 'nothing was deleted');
    });
  });
}
