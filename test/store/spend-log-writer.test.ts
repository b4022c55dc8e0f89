import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import {
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import type { Database } from '../../src/store/db/schema.js';
import { type SpendLogRow, SpendLogWriter } from '../../src/store/spend/spend-log-writer.js';
import { testDatabases } from '../../test-support/databases.js';
import { eventually } from '../../test-support/eventually.js';

/**
 * The database going away: while `down`, or for the `failAt`-th query from now, every query fails
 * before it reaches the server, as a refused connection does. The writer and the database are real.
 */
class Outage implements KyselyPlugin {
  down = false;
  #countdown = 0;

  /** Fails the `count`-th query from now, once (1 = the next one: the insert of a batch). */
  failQuery(count: number): void {
    this.#countdown = count;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.#countdown > 0 && --this.#countdown === 0) throw connectionRefused();
    if (this.down) throw connectionRefused();
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated outage)'), { code: 'ECONNREFUSED' });
}

const KEYS = ['key-a', 'key-b'];
const USERS = ['user-a', 'user-b'];
const TEAMS = ['team-a'];
const ORGANIZATIONS = ['org-a'];
const END_USERS = ['customer-a'];

async function seed(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('llmux_organizations')
    .values(ORGANIZATIONS.map((organization_id) => ({ organization_id, organization_alias: organization_id })))
    .execute();
  await db
    .insertInto('llmux_teams')
    .values(TEAMS.map((team_id) => ({ team_id, organization_id: 'org-a' })))
    .execute();
  await db
    .insertInto('llmux_users')
    .values(USERS.map((user_id) => ({ user_id })))
    .execute();
  await db.insertInto('llmux_team_members').values({ team_id: 'team-a', user_id: 'user-a', role: 'user' }).execute();
  await db
    .insertInto('llmux_end_users')
    .values(END_USERS.map((user_id) => ({ user_id })))
    .execute();
  await db
    .insertInto('llmux_keys')
    .values(KEYS.map((token) => ({ token, key_name: `sk-...${token}`, user_id: 'user-a' })))
    .execute();
}

/**
 * Row `index` of a varied log: two keys plus the master key ('') and an unknown key, users,
 * team, organisation, end users known and unknown, two UTC days, failures, no model group.
 * Spends are multiples of 1/8, so every sum is exact in floating point whatever its order.
 */
function logRow(index: number, prefix = 'request'): SpendLogRow {
  const day = index % 3 === 0 ? '2026-12-06T23:59:30.000Z' : '2026-12-07T00:00:10.000Z';
  return {
    request_id: `${prefix}-${index}`,
    call_type: 'acompletion',
    api_key: ['key-a', 'key-b', '', 'key-unknown'][index % 4] ?? '',
    spend: ((index % 7) + 1) / 8,
    prompt_tokens: 10 + (index % 5),
    completion_tokens: 3 + (index % 4),
    total_tokens: 13 + (index % 5) + (index % 4),
    start_time: day,
    end_time: day,
    model: index % 2 === 0 ? 'gpt-4o-2024-08-06' : 'claude-sonnet',
    model_group: index % 5 === 0 ? null : index % 2 === 0 ? 'gpt-4o' : 'claude',
    user_id: [null, 'user-a', 'user-b', 'user-ghost'][index % 4] ?? null,
    team_id: index % 3 === 1 ? null : 'team-a',
    organization_id: index % 3 === 1 ? null : 'org-a',
    end_user: [null, 'customer-a', 'customer-ghost'][index % 3] ?? null,
    status: index % 6 === 5 ? 'failure' : 'success',
    http_status: index % 6 === 5 ? 500 : 200,
    request_tags: '[]',
    metadata: '{}',
  };
}

/** What the totals must be: the sum of `rows`' spend per entity, computed here, independently of the writer. */
function expectedTotals(rows: SpendLogRow[]) {
  const sum = (pick: (row: SpendLogRow) => boolean) =>
    rows.filter(pick).reduce((total, row) => total + (row.spend ?? 0), 0);
  return {
    keys: Object.fromEntries(KEYS.map((id) => [id, sum((row) => row.api_key === id)])),
    users: Object.fromEntries(USERS.map((id) => [id, sum((row) => row.user_id === id)])),
    teams: Object.fromEntries(TEAMS.map((id) => [id, sum((row) => row.team_id === id)])),
    organizations: Object.fromEntries(ORGANIZATIONS.map((id) => [id, sum((row) => row.organization_id === id)])),
    endUsers: Object.fromEntries(END_USERS.map((id) => [id, sum((row) => row.end_user === id)])),
    teamMember: sum((row) => row.team_id === 'team-a' && row.user_id === 'user-a'),
  };
}

async function storedTotals(db: Kysely<Database>) {
  const byId = (rows: { id: string; spend: number }[]) => Object.fromEntries(rows.map((row) => [row.id, row.spend]));
  return {
    keys: byId(await db.selectFrom('llmux_keys').select(['token as id', 'spend']).execute()),
    users: byId(await db.selectFrom('llmux_users').select(['user_id as id', 'spend']).execute()),
    teams: byId(await db.selectFrom('llmux_teams').select(['team_id as id', 'spend']).execute()),
    organizations: byId(
      await db.selectFrom('llmux_organizations').select(['organization_id as id', 'spend']).execute(),
    ),
    endUsers: byId(await db.selectFrom('llmux_end_users').select(['user_id as id', 'spend']).execute()),
    teamMember: (await db.selectFrom('llmux_team_members').select('spend').executeTakeFirstOrThrow()).spend,
  };
}

/** The stored totals equal both the independent sums of `rows` and the sums of the stored logs. */
async function assertTotals(db: Kysely<Database>, rows: SpendLogRow[]): Promise<void> {
  const stored = await storedTotals(db);
  assert.deepEqual(stored, expectedTotals(rows));
  const logs = await db.selectFrom('llmux_spend_logs').selectAll().execute();
  assert.deepEqual(logs.map((log) => log.request_id).sort(), rows.map((row) => row.request_id).sort());
  const fromLogs = expectedTotals(logs.map((log) => ({ ...log, request_tags: '[]', metadata: '{}' }) as SpendLogRow));
  assert.deepEqual(stored, fromLogs);
}

async function spendLogCount(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('llmux_spend_logs')
    .select((expression) => expression.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

for (const database of await testDatabases()) {
  describe(`SpendLogWriter on ${database.name}`, { skip: database.skip }, () => {
    const writers: SpendLogWriter[] = [];
    after(async () => {
      await Promise.all(writers.map((writer) => writer.close()));
      await database.closeAll();
    });

    async function setUp(options: ConstructorParameters<typeof SpendLogWriter>[1] = {}) {
      const { db } = await database.open();
      await seed(db);
      const outage = new Outage();
      const errors: unknown[] = [];
      // A long interval: these tests drive writes with flush(); the background timer is tested on its own.
      const writer = new SpendLogWriter(db.withPlugin(outage), {
        flushIntervalMs: 60_000,
        onError: (error) => errors.push(error),
        ...options,
      });
      writers.push(writer);
      return { db, writer, outage, errors };
    }

    test('rows are written once and the totals equal the sum of the logs (unknown ids are no error)', async () => {
      const { db, writer, errors } = await setUp();
      const rows = Array.from({ length: 40 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      assert.equal(writer.stats().pending, 40);
      await writer.flush();
      await assertTotals(db, rows);
      assert.deepEqual(writer.stats(), {
        pending: 0,
        written: 40,
        dropped: 0,
        failedFlushes: 0,
        duplicates: 0,
        rejected: 0,
      });
      assert.deepEqual(errors, []);
    });

    test('a batch added again with the same request ids is not counted twice', async () => {
      const { db, writer } = await setUp();
      const rows = Array.from({ length: 12 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      await writer.flush();
      const again = [...rows.slice(6), logRow(12), logRow(13), logRow(12)];
      for (const row of again) writer.add(row);
      await writer.flush();
      await assertTotals(db, [...rows, logRow(12), logRow(13)]);
      assert.equal(writer.stats().written, 14);
      assert.equal(writer.stats().duplicates, 7);
    });

    test('2,000 rows added synchronously are all written, exactly once, in batches', async () => {
      const { db, writer } = await setUp({ maxBatch: 300 });
      const rows = Array.from({ length: 2000 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      await writer.flush();
      assert.equal(await spendLogCount(db), 2000);
      assert.equal(writer.stats().written, 2000);
      assert.equal(writer.stats().pending, 0);
      await assertTotals(db, rows);
    });

    test('the daily aggregates sum the logs per day, entity and model group', async () => {
      const { db, writer } = await setUp({ maxBatch: 7 });
      const rows = Array.from({ length: 60 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      await writer.flush();
      const expected = new Map<string, number[]>();
      for (const row of rows) {
        const day = String(row.start_time).slice(0, 10);
        const owners: [string, string | null | undefined][] = [
          ['key', row.api_key],
          ['user', row.user_id],
          ['team', row.team_id],
          ['organization', row.organization_id],
          ['end_user', row.end_user],
        ];
        for (const [type, id] of owners) {
          if (!id) continue;
          const key = [day, type, id, row.model_group ?? row.model].join('|');
          const sums = expected.get(key) ?? [0, 0, 0, 0, 0, 0];
          const success = row.status === 'success' ? 1 : 0;
          const add = [1, success, 1 - success, row.prompt_tokens, row.completion_tokens, row.spend ?? 0];
          expected.set(
            key,
            sums.map((value, index) => value + (add[index] ?? 0)),
          );
        }
      }
      // `day` as text: the drivers read a `date` column as a Date at midnight in differing time zones.
      const stored = await db
        .selectFrom('llmux_daily_spend')
        .selectAll()
        .select(sql<string>`day::text`.as('day'))
        .execute();
      const actual = new Map(
        stored.map((row) => [
          [row.day, row.entity_type, row.entity_id, row.model_group].join('|'),
          [
            Number(row.requests),
            Number(row.successful_requests),
            Number(row.failed_requests),
            Number(row.prompt_tokens),
            Number(row.completion_tokens),
            row.spend,
          ],
        ]),
      );
      assert.deepEqual(actual, expected);
      assert.ok([...expected.keys()].some((key) => key.startsWith('2026-12-06|')));
      assert.ok([...expected.keys()].some((key) => key.includes('|gpt-4o-2024-08-06')));
    });

    test('while the database fails, rows stay pending; once it works they are all written, totals exact', async () => {
      const { db, writer, outage, errors } = await setUp({ maxBatch: 10 });
      const rows = Array.from({ length: 35 }, (_, index) => logRow(index));
      outage.down = true;
      for (const row of rows) writer.add(row);
      await assert.rejects(writer.flush(), /ECONNREFUSED/);
      await assert.rejects(writer.flush(), /ECONNREFUSED/);
      await assert.rejects(writer.flush(), /ECONNREFUSED/);
      assert.equal(writer.stats().pending, 35);
      assert.equal(writer.stats().failedFlushes, 3);
      assert.equal(errors.length, 1, 'onError is told once per failure streak');
      assert.equal(await spendLogCount(db), 0);

      outage.down = false;
      await writer.flush();
      await assertTotals(db, rows);
      assert.deepEqual(writer.stats(), {
        pending: 0,
        written: 35,
        dropped: 0,
        failedFlushes: 3,
        duplicates: 0,
        rejected: 0,
      });

      // A second streak is reported again.
      outage.down = true;
      writer.add(logRow(35));
      await assert.rejects(writer.flush());
      assert.equal(errors.length, 2);
      outage.down = false;
      await writer.flush();
      await assertTotals(db, [...rows, logRow(35)]);
    });

    test('a failure inside the transaction, after the insert, rolls back the batch: the retry counts each row once', async () => {
      const { db, writer, outage } = await setUp();
      const rows = Array.from({ length: 20 }, (_, index) => logRow(index));
      for (const row of rows.slice(0, 8)) writer.add(row);
      await writer.flush();
      for (const row of rows) writer.add(row);
      // The batch's queries: 1 the insert, 2-7 the totals, 8 the daily aggregates.
      for (const failing of [2, 5, 8]) {
        outage.failQuery(failing);
        await assert.rejects(writer.flush(), /ECONNREFUSED/);
        assert.equal(writer.stats().pending, 20);
      }
      await writer.flush();
      await assertTotals(db, rows);
      assert.equal(writer.stats().written, 20);
      assert.equal(writer.stats().duplicates, 8);
      const { requests } = await db
        .selectFrom('llmux_daily_spend')
        .select((expression) => expression.fn.sum<number>('requests').as('requests'))
        .where('entity_type', '=', 'team')
        .executeTakeFirstOrThrow();
      assert.equal(Number(requests), rows.filter((row) => row.team_id).length);
    });

    test('beyond maxPending the oldest rows are dropped and counted', async () => {
      const { db, writer, outage } = await setUp({ maxPending: 5, maxBatch: 2 });
      outage.down = true;
      const rows = Array.from({ length: 8 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      assert.deepEqual([writer.stats().pending, writer.stats().dropped], [5, 3]);
      await assert.rejects(writer.flush());
      writer.add(logRow(8));
      assert.deepEqual([writer.stats().pending, writer.stats().dropped], [5, 4]);
      outage.down = false;
      await writer.flush();
      await assertTotals(
        db,
        [4, 5, 6, 7, 8].map((index) => logRow(index)),
      );
      assert.deepEqual(writer.stats(), {
        pending: 0,
        written: 5,
        dropped: 4,
        failedFlushes: 1,
        duplicates: 0,
        rejected: 0,
      });
    });

    test('close() writes what is pending', async () => {
      const { db, writer } = await setUp();
      const rows = Array.from({ length: 25 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      assert.deepEqual(await writer.close(), { unwritten: 0 });
      await assertTotals(db, rows);
    });

    test('close() against a database that stays down gives up and reports the rows left', async () => {
      const { db, writer, outage, errors } = await setUp({ closeTimeoutMs: 50 });
      outage.down = true;
      for (let index = 0; index < 4; index++) writer.add(logRow(index));
      await assert.rejects(writer.flush(), /ECONNREFUSED/);
      assert.deepEqual(await writer.close(), { unwritten: 4 });
      assert.equal(errors.length, 2);
      assert.match(String(errors[1]), /4 row\(s\) not written/);
      assert.equal(await spendLogCount(db), 0);
    });

    test('without flush(), the timer writes the rows, and retries after an outage', async () => {
      const { db, writer, outage } = await setUp({ flushIntervalMs: 5 });
      const rows = Array.from({ length: 30 }, (_, index) => logRow(index));
      outage.down = true;
      for (const row of rows.slice(0, 10)) writer.add(row);
      await eventually(() => writer.stats().failedFlushes >= 2, 'the timer retries while the database is down');
      outage.down = false;
      for (const row of rows.slice(10)) writer.add(row);
      await eventually(() => writer.stats().written === 30, 'the timer writes every row once the database is back');
      await assertTotals(db, rows);
    });

    test('a full batch is written without waiting for the timer', async () => {
      const { db, writer } = await setUp({ maxBatch: 10 });
      const rows = Array.from({ length: 10 }, (_, index) => logRow(index));
      for (const row of rows) writer.add(row);
      await eventually(() => writer.stats().written === 10, 'maxBatch pending rows start a write');
      await assertTotals(db, rows);
    });

    test('a row the database refuses is dropped and reported; the rest of its batch is written', async () => {
      const { db, writer, errors } = await setUp();
      const rows = Array.from({ length: 9 }, (_, index) => logRow(index));
      const bad = { ...logRow(100), prompt_tokens: 1.5 };
      for (const row of [...rows.slice(0, 4), bad, ...rows.slice(4)]) writer.add(row);
      await writer.flush();
      await assertTotals(db, rows);
      assert.equal(writer.stats().rejected, 1);
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /request-100/);
    });
  });
}

test('a writer with rows pending and a database down does not keep the process alive', () => {
  // A child process whose only work left is the writer's retry timer must exit on its own.
  const writerModule = new URL('../../src/store/spend/spend-log-writer.ts', import.meta.url).href;
  const script = `
    const { SpendLogWriter } = await import(${JSON.stringify(writerModule)});
    const down = { transaction() { throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' }); } };
    const writer = new SpendLogWriter(down, { flushIntervalMs: 10, onError: () => {} });
    writer.add(${JSON.stringify(logRow(1))});
    await writer.flush().catch(() => {});
    console.log(JSON.stringify(writer.stats()));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.signal, null, 'the child exits on its own, not by the hang guard');
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), {
    pending: 1,
    written: 0,
    dropped: 0,
    failedFlushes: 1,
    duplicates: 0,
    rejected: 0,
  });
});
