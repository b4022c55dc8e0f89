// The worker thread that owns PGlite (src/store/db/pglite-worker-dialect.ts starts it). PGlite runs
// its queries synchronously in WASM on the thread that owns it: here, not on the gateway's.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Results, types } from '@electric-sql/pglite';

/** What the dialect sends: a query, or the request to close the database before the worker ends. */
export type PGliteWorkerRequest =
  | { id: number; sql: string; parameters: readonly unknown[] }
  | { id: number; close: true };

/** The database error's fields that callers test (`code` is the PostgreSQL SQLSTATE, e.g. `23505`). */
export interface PGliteWorkerErrorFields {
  message: string;
  code?: string | undefined;
  detail?: string | undefined;
  constraint?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  schema?: string | undefined;
}

/** What the worker answers: `ready` once open, then one reply per request id. */
export type PGliteWorkerReply =
  | { ready: true }
  | { openError: PGliteWorkerErrorFields }
  | { id: number; rows: unknown[]; affectedRows: number; command: string | undefined }
  | { id: number; closed: true }
  | { id: number; error: PGliteWorkerErrorFields };

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs only as a worker thread');
const { dataDir } = workerData as { dataDir: string };

function errorFields(error: unknown): PGliteWorkerErrorFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = error as Error &
    Partial<Record<'code' | 'detail' | 'constraint' | 'table' | 'column' | 'schema', string>>;
  return {
    message: error.message,
    code: fields.code,
    detail: fields.detail,
    constraint: fields.constraint,
    table: fields.table,
    column: fields.column,
    schema: fields.schema,
  };
}

async function run(database: PGlite, sql: string, parameters: readonly unknown[]): Promise<Results> {
  if (parameters.length > 0) return database.query(sql, [...parameters]);
  // As `pg` does, a query without parameters goes by the simple protocol, so a migration may hold
  // several statements; the last statement's result is the answer.
  const results = await database.exec(sql);
  return results.at(-1) ?? { rows: [], fields: [], affectedRows: 0 };
}

async function open(): Promise<PGlite> {
  return PGlite.create(dataDir, {
    // bigint columns read as numbers, as src/store/db/open-database.ts configures `pg` (PGlite's own
    // parser would switch to BigInt past 2^53, and arithmetic on the value would then throw).
    // int8 as numbers and dates as their text, the same as the `pg` pool in open-database.ts.
    parsers: { [types.INT8]: (value: string) => Number(value), [types.DATE]: (value: string) => value },
  });
}

let database: PGlite;
try {
  database = await open();
} catch (error) {
  port.postMessage({ openError: errorFields(error) } satisfies PGliteWorkerReply);
  process.exit(1);
}
port.postMessage({ ready: true } satisfies PGliteWorkerReply);

// One request at a time, in arrival order (PGlite has a single session).
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: PGliteWorkerRequest) => {
  queue = queue.then(() => answer(request));
});

async function answer(request: PGliteWorkerRequest): Promise<void> {
  if ('close' in request) {
    await database.close().catch(() => undefined);
    port?.postMessage({ id: request.id, closed: true } satisfies PGliteWorkerReply);
    port?.close();
    return;
  }
  let reply: PGliteWorkerReply;
  try {
    const result = await run(database, request.sql, request.parameters);
    reply = {
      id: request.id,
      rows: result.rows,
      // `rowCount` is the statement's own count (as `pg`'s); `affectedRows` adds up a multi-statement query.
      affectedRows: result.rowCount ?? result.affectedRows ?? 0,
      command: result.command,
    };
  } catch (error) {
    reply = { id: request.id, error: errorFields(error) };
  }
  try {
    port?.postMessage(reply);
  } catch (error) {
    // A value structured clone cannot carry (none of PostgreSQL's types should produce one).
    port?.postMessage({ id: request.id, error: errorFields(error) } satisfies PGliteWorkerReply);
  }
}
