// The databases the store's tests run against: the embedded PGlite (in memory) always, and the
// machine's PostgreSQL (LLMUX_TEST_DATABASE_URL, default the local `test` database) through the
// service gate, each test run in a schema of its own that is dropped afterwards.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type OpenDatabase, openDatabase } from '../src/store/db/open-database.js';
import { requireService } from './service-gate.js';

export const POSTGRES_URL = process.env.LLMUX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers within `timeoutMs`. */
export async function postgresAnswers(timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  name: 'PGlite' | 'PostgreSQL';
  /** `false` to run, or why the tests are skipped (recorded by the service gate). */
  skip: string | false;
  /** A fresh, migrated database (PostgreSQL: a new schema, named); closed and dropped by `closeAll`. */
  open(): Promise<OpenDatabase & { schema?: string }>;
  closeAll(): Promise<void>;
}

/** PGlite and PostgreSQL, for `for (const database of await testDatabases()) describe(database.name, …)`. */
export async function testDatabases(): Promise<TestDatabase[]> {
  return [pgliteDatabase(), await postgresDatabase()];
}

function pgliteDatabase(): TestDatabase {
  const opened: OpenDatabase[] = [];
  return {
    name: 'PGlite',
    skip: false,
    async open() {
      const database = await openDatabase({ dataDir: 'memory://' });
      opened.push(database);
      return database;
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((database) => database.close()));
    },
  };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const skip = requireService({
    service: 'PostgreSQL',
    available: await postgresAnswers(),
    reason: `not reachable at ${POSTGRES_URL} (set LLMUX_TEST_DATABASE_URL, or start one; CI does)`,
  });
  const schemas: string[] = [];
  const opened: OpenDatabase[] = [];
  return {
    name: 'PostgreSQL',
    skip,
    async open() {
      const schema = `llmux_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      schemas.push(schema);
      const database = await openDatabase({ databaseUrl: POSTGRES_URL, dataDir: 'unused', schema, poolSize: 4 });
      opened.push(database);
      return { ...database, schema };
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((database) => database.close()));
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      for (const schema of schemas.splice(0)) await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Where a proxy keeps its keys in a test: a fresh PGlite folder, or a fresh PostgreSQL schema. */
export interface KeyDatabasePlacement {
  /** For `startProxy({ dataDir })`. */
  dataDir?: string;
  /** For `general_settings.database_url`. */
  databaseUrl?: string;
  /** Removes the folder or drops the schema. */
  cleanup(): Promise<void>;
}

export interface KeyDatabaseBackend {
  name: 'PGlite' | 'PostgreSQL';
  /** `false` to run, or why the tests are skipped (recorded by the service gate). */
  skip: string | false;
  /** A fresh place; the same placement reopens the same data (restart tests). */
  place(): Promise<KeyDatabasePlacement>;
}

/** The proxy's key database, both ways: for `for (const backend of await keyDatabaseBackends()) describe(…)`. */
export async function keyDatabaseBackends(): Promise<KeyDatabaseBackend[]> {
  return [
    {
      name: 'PGlite',
      skip: false,
      async place() {
        const dataDir = await mkdtemp(join(tmpdir(), 'llmux-keys-'));
        return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
      },
    },
    {
      name: 'PostgreSQL',
      skip: requireService({
        service: 'PostgreSQL',
        available: await postgresAnswers(),
        reason: `not reachable at ${POSTGRES_URL} (set LLMUX_TEST_DATABASE_URL, or start one; CI does)`,
      }),
      async place() {
        const schema = `llmux_keys_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
        const url = new URL(POSTGRES_URL);
        url.searchParams.set('schema', schema);
        return {
          databaseUrl: url.href,
          async cleanup() {
            const client = new pg.Client({ connectionString: POSTGRES_URL });
            await client.connect();
            await client.query(`drop schema if exists ${schema} cascade`);
            await client.end();
          },
        };
      },
    },
  ];
}
