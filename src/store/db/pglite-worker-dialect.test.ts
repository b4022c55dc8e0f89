import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { type Generated, Kysely, sql } from 'kysely';
import { PGliteWorkerDialect, PGliteWorkerError } from './pglite-worker-dialect.js';

interface Tables {
  item: {
    id: Generated<number>;
    name: string;
    amount: string | null;
    created_at: Date | null;
    meta: unknown;
    big: number | null;
  };
  outside: { n: number };
  inside: { n: number };
}

function openMemory(onWorkerStart?: (worker: Worker) => void): Kysely<Tables> {
  return new Kysely<Tables>({ dialect: new PGliteWorkerDialect({ dataDir: 'memory://', onWorkerStart }) });
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('PGliteWorkerDialect on memory://', () => {
  let db: Kysely<Tables>;

  before(async () => {
    db = openMemory();
    await db.schema
      .createTable('item')
      .addColumn('id', 'serial', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull().unique())
      .addColumn('amount', 'numeric')
      .addColumn('created_at', 'timestamptz')
      .addColumn('meta', 'jsonb')
      .addColumn('big', 'bigint')
      .execute();
    await db.schema.createTable('outside').addColumn('n', 'integer').execute();
    await db.schema.createTable('inside').addColumn('n', 'integer').execute();
  });

  after(async () => {
    await db.destroy();
  });

  test('a select with parameters', async () => {
    const { rows } = await sql<{
      sum: number;
      text: string;
    }>`select ${2}::int + ${3}::int as sum, ${'a'} || ${'b'} as text`.execute(db);
    assert.deepEqual(rows, [{ sum: 5, text: 'ab' }]);
  });

  test('insert … returning, and the value types as pg gives them', async () => {
    const createdAt = new Date('2026-01-02T03:04:05.678Z');
    const row = await db
      .insertInto('item')
      .values({
        name: 'first',
        amount: '12.50',
        created_at: createdAt,
        meta: JSON.stringify({ tags: ['x'], n: 1 }),
        big: 9007199254740991,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    assert.equal(typeof row.id, 'number');
    assert.equal(row.name, 'first');
    assert.equal(row.amount, '12.50', 'numeric reads as a string, as pg does');
    assert.ok(row.created_at instanceof Date);
    assert.equal(row.created_at.toISOString(), createdAt.toISOString());
    assert.deepEqual(row.meta, { tags: ['x'], n: 1 });
    assert.equal(row.big, 9007199254740991, 'bigint reads as a number, as open-database.ts configures pg');
    const { rows } = await sql<{
      count: number;
      yes: boolean;
    }>`select count(*) as count, ${true}::boolean as yes from item`.execute(db);
    assert.deepEqual(rows, [{ count: 1, yes: true }]);
  });

  test('insert, update and delete report affected rows as bigint; a select none', async () => {
    const inserted = await db
      .insertInto('item')
      .values([{ name: 'u1' }, { name: 'u2' }, { name: 'u3' }])
      .executeTakeFirstOrThrow();
    assert.equal(inserted.numInsertedOrUpdatedRows, 3n);
    const updated = await db
      .updateTable('item')
      .set({ amount: '1' })
      .where('name', 'like', 'u%')
      .executeTakeFirstOrThrow();
    assert.equal(updated.numUpdatedRows, 3n);
    const deleted = await db.deleteFrom('item').where('name', '=', 'u2').executeTakeFirstOrThrow();
    assert.equal(deleted.numDeletedRows, 1n);
    const selected = await sql`select 1`.execute(db);
    assert.equal(selected.numAffectedRows, undefined);
  });

  test('a unique violation carries SQLSTATE 23505 and the constraint', async () => {
    await db.insertInto('item').values({ name: 'dup' }).execute();
    const error = await db
      .insertInto('item')
      .values({ name: 'dup' })
      .execute()
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    assert.ok(error instanceof PGliteWorkerError, `got ${String(error)}`);
    assert.equal(error.code, '23505');
    assert.equal(error.constraint, 'item_name_key');
    assert.match(error.detail ?? '', /\(name\)=\(dup\)/);
    // The connection is free again afterwards.
    assert.equal((await db.selectFrom('item').select('name').where('name', '=', 'dup').execute()).length, 1);
  });

  test('a failing transaction rolls back; a good one commits', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('inside').values({ n: 1 }).execute();
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.deepEqual(await db.selectFrom('inside').selectAll().execute(), []);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('inside').values({ n: 2 }).execute();
    });
    assert.deepEqual(await db.selectFrom('inside').selectAll().execute(), [{ n: 2 }]);
    await db.deleteFrom('inside').execute();
  });

  test('a transaction whose statement failed ends in rollback, not a silent commit', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('inside').values({ n: 3 }).execute();
        await sql`select 1 / 0`.execute(trx).catch(() => undefined);
      }),
    );
    assert.deepEqual(await db.selectFrom('inside').selectAll().execute(), []);
  });

  test('savepoints inside a controlled transaction roll back only their part', async () => {
    const trx = await db.startTransaction().execute();
    await trx.insertInto('inside').values({ n: 10 }).execute();
    const inner = await trx.savepoint('before_eleven').execute();
    await inner.insertInto('inside').values({ n: 11 }).execute();
    const outer = await inner.rollbackToSavepoint('before_eleven').execute();
    await outer.commit().execute();
    assert.deepEqual(await db.selectFrom('inside').selectAll().execute(), [{ n: 10 }]);
    await db.deleteFrom('inside').execute();
  });

  test('20 concurrent queries and a transaction in flight do not interleave', async () => {
    const events: string[] = [];
    const transaction = db
      .transaction()
      .execute(async (trx) => {
        events.push('begin');
        for (let n = 0; n < 5; n += 1) {
          await trx.insertInto('inside').values({ n }).execute();
          await nextTurn(); // give the other callers every chance to slip in
        }
        events.push('end');
        throw new Error('roll back');
      })
      .catch(() => events.push('rolled back'));
    const queries = Array.from({ length: 20 }, async (_, n) => {
      await db.insertInto('outside').values({ n }).execute();
      const { rows } = await sql<{ n: number }>`select ${n}::int as n`.execute(db);
      events.push(`query ${rows[0]?.n}`);
      return rows[0]?.n;
    });
    const answers = await Promise.all(queries);
    await transaction;
    assert.deepEqual(
      answers,
      Array.from({ length: 20 }, (_, n) => n),
    );
    const begin = events.indexOf('begin');
    const end = events.indexOf('end');
    assert.ok(begin >= 0 && end > begin);
    assert.deepEqual(events.slice(begin + 1, end), [], 'nothing ran inside the transaction');
    // Had an outside insert run on the session inside the transaction, the rollback would have lost it.
    const outside = await db.selectFrom('outside').select('n').orderBy('n').execute();
    assert.deepEqual(
      outside.map((row) => row.n),
      Array.from({ length: 20 }, (_, n) => n),
    );
    assert.deepEqual(await db.selectFrom('inside').selectAll().execute(), []);
  });

  test('a long query does not stop the main thread', async () => {
    let ticks = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      ticks += 1;
      setImmediate(tick);
    };
    const query = sql<{ count: number }>`select count(*) as count from generate_series(1, 5000000)`.execute(db);
    setImmediate(tick);
    const { rows } = await query;
    running = false;
    assert.deepEqual(rows, [{ count: 5000000 }]);
    assert.ok(ticks > 0, 'the event loop turned while the worker ran the query');
  });

  test('a query without parameters may hold several statements (migrations), answered by the last', async () => {
    const { rows } = await sql<{
      two: number;
    }>`create temporary table multi (n int); insert into multi values (1); select 2 as two`.execute(db);
    assert.deepEqual(rows, [{ two: 2 }]);
  });
});

describe('PGliteWorkerDialect when the worker goes away', () => {
  test('a killed worker makes pending and later queries reject, without a hang', async () => {
    let worker: Worker | undefined;
    const db = openMemory((started) => {
      worker = started;
    });
    try {
      assert.deepEqual((await sql<{ one: number }>`select 1 as one`.execute(db)).rows, [{ one: 1 }]);
      assert.ok(worker);
      const pending = sql`select count(*) from generate_series(1, 50000000)`.execute(db);
      await nextTurn();
      await worker.terminate();
      await assert.rejects(pending, /PGlite worker stopped/);
      await assert.rejects(sql`select 1`.execute(db), /PGlite worker stopped/);
    } finally {
      await db.destroy();
    }
  });

  test('destroy with nothing pending closes the database and ends the worker', async () => {
    let worker: Worker | undefined;
    const db = openMemory((started) => {
      worker = started;
    });
    await sql`select 1`.execute(db);
    assert.ok(worker);
    const exited = new Promise<number>((resolve) => worker?.once('exit', resolve));
    await db.destroy();
    assert.equal(typeof (await exited), 'number');
    await assert.rejects(sql`select 1`.execute(db), /destroyed/);
  });
});
