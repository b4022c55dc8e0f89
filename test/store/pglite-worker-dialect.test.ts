import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Generated, Kysely } from 'kysely';
import { PGliteWorkerDialect, PGliteWorkerError } from '../../src/store/db/pglite-worker-dialect.js';

const DIALECT = new URL('../../src/store/db/pglite-worker-dialect.ts', import.meta.url).href;

interface Tables {
  note: { id: Generated<number>; body: string; at: Date };
}

describe('PGliteWorkerDialect on a data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmux-pglite-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('data persists across destroy and reopen', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const first = new Kysely<Tables>({ dialect: new PGliteWorkerDialect({ dataDir }) });
    await first.schema
      .createTable('note')
      .addColumn('id', 'serial', (column) => column.primaryKey())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('at', 'timestamptz', (column) => column.notNull())
      .execute();
    await first.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ body: 'kept', at }).execute();
    });
    await first.destroy();

    const second = new Kysely<Tables>({ dialect: new PGliteWorkerDialect({ dataDir }) });
    try {
      const rows = await second.selectFrom('note').select(['body', 'at']).execute();
      assert.deepEqual(rows, [{ body: 'kept', at }]);
    } finally {
      await second.destroy();
    }
  });
});

describe('PGliteWorkerDialect when the database cannot open', () => {
  const parent = mkdtempSync(join(tmpdir(), 'llmux-pglite-bad-'));
  after(() => rmSync(parent, { recursive: true, force: true }));

  test('the first query rejects with the reason, and destroy still ends cleanly', async () => {
    const file = join(parent, 'a-file');
    writeFileSync(file, 'not a directory');
    const db = new Kysely<Tables>({ dialect: new PGliteWorkerDialect({ dataDir: join(file, 'data') }) });
    await assert.rejects(db.selectFrom('note').selectAll().execute(), PGliteWorkerError);
    await db.destroy();
  });
});

/** Runs a script in a fresh Node process and resolves with its exit code and output once it ends by itself. */
function runScript(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  // Only a guard against a hung child (the failure this checks for), not a timing assertion.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('PGliteWorkerDialect does not keep the process alive', () => {
  test('after db.destroy() the process ends by itself', async () => {
    const result = await runScript(`
      import { Kysely, sql } from 'kysely';
      import { PGliteWorkerDialect } from ${JSON.stringify(DIALECT)};
      const db = new Kysely({ dialect: new PGliteWorkerDialect({ dataDir: 'memory://' }) });
      const { rows } = await sql\`select 41 + 1 as answer\`.execute(db);
      console.log(JSON.stringify(rows));
      await db.destroy();
    `);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), '[{"answer":42}]');
  });

  test('while idle (no query out) the worker does not hold the process open', async () => {
    const result = await runScript(`
      import { Kysely, sql } from 'kysely';
      import { PGliteWorkerDialect } from ${JSON.stringify(DIALECT)};
      const db = new Kysely({ dialect: new PGliteWorkerDialect({ dataDir: 'memory://' }) });
      const { rows } = await sql\`select 'idle' as state\`.execute(db);
      console.log(JSON.stringify(rows));
    `);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), '[{"state":"idle"}]');
  });
});
