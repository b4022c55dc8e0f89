import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/store/db/open-database.js';
import { testDatabases } from '../../test-support/databases.js';

const TABLES = [
  'llmux_access_groups',
  'llmux_budgets',
  'llmux_daily_spend',
  'llmux_deployments',
  'llmux_end_users',
  'llmux_keys',
  'llmux_organization_members',
  'llmux_organizations',
  'llmux_spend_logs',
  'llmux_team_members',
  'llmux_teams',
  'llmux_users',
];

for (const database of await testDatabases()) {
  describe(`the database schema on ${database.name}`, { skip: database.skip }, () => {
    after(() => database.closeAll());

    test('a new database is migrated at open, and a second run applies nothing', async () => {
      const { db, applied, schema } = await database.open();
      assert.deepEqual(applied, ['0001-initial']);
      assert.deepEqual(await migrateToLatest(db, schema), []);
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_name like 'llmux\\_%' and table_name not like 'llmux\\_migrations%'
        order by table_name`.execute(db);
      assert.deepEqual(
        rows.map((row) => row.table_name),
        TABLES,
      );
    });

    test('a key round-trips: jsonb, timestamps, numbers, defaults', async () => {
      const { db } = await database.open();
      const expires = new Date('2027-01-01T00:00:00.000Z');
      await db
        .insertInto('llmux_keys')
        .values({
          token: 'a'.repeat(64),
          key_name: 'sk-...abcd',
          key_alias: 'ci',
          models: JSON.stringify(['gpt-4o', 'claude-*']),
          metadata: JSON.stringify({ owner: 'platform' }),
          tags: JSON.stringify(['ci']),
          max_budget: 12.5,
          tpm_limit: 100_000,
          rpm_limit: 60,
          budget_duration: '30d',
          expires,
          created_by: 'admin',
        })
        .execute();
      const key = await db.selectFrom('llmux_keys').selectAll().where('key_alias', '=', 'ci').executeTakeFirstOrThrow();
      assert.deepEqual(key.models, ['gpt-4o', 'claude-*']);
      assert.deepEqual(key.metadata, { owner: 'platform' });
      assert.deepEqual([key.aliases, key.permissions], [{}, {}], 'jsonb defaults');
      assert.equal(key.spend, 0);
      assert.equal(key.max_budget, 12.5);
      assert.equal(key.tpm_limit, 100_000);
      assert.equal(key.blocked, false);
      assert.ok(key.expires instanceof Date && key.expires.getTime() === expires.getTime());
      assert.ok(key.created_at instanceof Date);
    });

    test('a day reads back as its text, whatever the time zone (daily totals fall on one day everywhere)', async () => {
      const { db } = await database.open();
      await db
        .insertInto('llmux_daily_spend')
        .values({ day: '2026-12-07', entity_type: 'key', entity_id: 'k', model_group: 'gpt', spend: 1.5 })
        .execute();
      const row = await db.selectFrom('llmux_daily_spend').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.day, '2026-12-07');
      assert.equal(row.requests, 0);
    });

    test('an alias is unique', async () => {
      const { db } = await database.open();
      // Only what has no default: every other column is optional on insert.
      const row = (token: string) => ({ token, key_name: 'sk-...x', key_alias: 'same' });
      await db.insertInto('llmux_keys').values(row('1')).execute();
      await assert.rejects(db.insertInto('llmux_keys').values(row('2')).execute(), { code: '23505' });
    });
  });
}
