import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export interface DatabaseOptions {
  /** A PostgreSQL server (`postgres://…`, LiteLLM's `DATABASE_URL`); without one, the embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** The embedded database's folder (`--data-dir`, `LLMUX_DATA_DIR`, default `./.llmux`), or `memory://`. */
  dataDir: string;
  /**
   * PostgreSQL only: the schema llmux's tables live in (created when missing); else the URL's
   * `?schema=` (the Prisma form of LiteLLM's `DATABASE_URL`), else the server's `search_path`.
   */
  schema?: string | undefined;
  /** PostgreSQL only: connections in the pool (default 10). */
  poolSize?: number | undefined;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** The migrations applied by this start (empty when the schema was current). */
  applied: string[];
  close(): Promise<void>;
}

/**
 * Opens the database and brings its schema up to date. A PostgreSQL server when a URL is given;
 * otherwise PGlite, the embedded PostgreSQL, in a worker thread (its queries run in WASM, so on the
 * gateway's own thread they would stop the event loop) and loaded only then.
 */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const schema = options.databaseUrl ? (options.schema ?? schemaOf(options.databaseUrl)) : undefined;
  const { db, kind } = options.databaseUrl
    ? await openPostgres({ ...options, schema })
    : await openPGlite(options.dataDir);
  try {
    const applied = await migrateToLatest(db, schema);
    return { db, kind, applied, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * Runs every migration not yet applied, in order, in one transaction each; throws the first failure.
 * `schema` names the schema of the bookkeeping tables when it is not the server's default.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'llmux_migrations',
    migrationLockTableName: 'llmux_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`database migration failed: ${String(error)}`);
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function schemaOf(databaseUrl: string): string | undefined {
  try {
    return new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  } catch {
    return undefined;
  }
}
const INT8_OID = 20;
const DATE_OID = 1082;

async function openPostgres(options: DatabaseOptions): Promise<{ db: Kysely<Database>; kind: 'postgres' }> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name '${schema}'`);
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    // Counts and limits are bigint columns: read as numbers, as PGlite gives them (far below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID) return Number;
        // A day is its text ('2026-12-07'): a Date would be local midnight, another day east of UTC.
        if (oid === DATE_OID) return (value: string) => value;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
    // UTC sessions, as PGlite's: daily totals fall on the same day on both.
    options: schema ? `-c TimeZone=UTC -c search_path=${schema}` : '-c TimeZone=UTC',
  });
  // A dropped connection must not crash the gateway: the pool replaces it and queries report it.
  pool.on('error', () => undefined);
  if (schema) await pool.query(`create schema if not exists ${schema}`);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres' };
}

async function openPGlite(dataDir: string): Promise<{ db: Kysely<Database>; kind: 'pglite' }> {
  const { PGliteWorkerDialect } = await import('./pglite-worker-dialect.js');
  return { db: new Kysely<Database>({ dialect: new PGliteWorkerDialect({ dataDir }) }), kind: 'pglite' };
}
