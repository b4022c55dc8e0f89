import { Worker } from 'node:worker_threads';
import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { PGliteWorkerErrorFields, PGliteWorkerReply, PGliteWorkerRequest } from './pglite-worker.js';

export interface PGliteWorkerDialectOptions {
  /** The database folder (created when missing), or `memory://` for a database that ends with the worker. */
  dataDir: string;
  /** Called with the worker once it is started (tests use it to stop the worker behind the driver's back). */
  onWorkerStart?: ((worker: Worker) => void) | undefined;
}

/**
 * A Kysely dialect for PGlite, the embedded PostgreSQL, run in a worker thread: PGlite executes
 * queries synchronously in WASM, which on the gateway's thread would stop its event loop. SQL,
 * adapter and introspection are Kysely's PostgreSQL ones; the worker starts on first use and ends
 * with `db.destroy()`.
 * @example new Kysely<Database>({ dialect: new PGliteWorkerDialect({ dataDir: './.llmux' }) })
 */
export class PGliteWorkerDialect implements Dialect {
  readonly #options: PGliteWorkerDialectOptions;

  constructor(options: PGliteWorkerDialectOptions) {
    this.#options = { ...options };
  }

  createDriver(): Driver {
    return new PGliteWorkerDriver(this.#options);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/**
 * A query that PGlite refused, with the PostgreSQL error's fields: `code` is the SQLSTATE
 * (`23505` unique violation, `23503` foreign key, …), as `pg`'s `DatabaseError` carries it.
 * @example if (error instanceof PGliteWorkerError && error.code === '23505') …
 */
export class PGliteWorkerError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly schema: string | undefined;

  constructor(fields: PGliteWorkerErrorFields) {
    super(fields.message);
    this.name = 'PGliteWorkerError';
    this.code = fields.code;
    this.detail = fields.detail;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
    this.schema = fields.schema;
  }
}

interface WorkerAnswer {
  rows: unknown[];
  affectedRows: number;
  command: string | undefined;
}

interface Pending {
  resolve(answer: WorkerAnswer | undefined): void;
  reject(error: Error): void;
}

/** The message channel to one worker: requests by id, the worker referenced only while one is open. */
class PGliteWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Starts the worker and waits until PGlite is open; throws when it cannot be. */
  static async start(options: PGliteWorkerDialectOptions): Promise<PGliteWorkerClient> {
    const worker = startWorker(options.dataDir);
    const client = new PGliteWorkerClient(worker);
    options.onWorkerStart?.(worker);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: PGliteWorkerReply) => {
        worker.off('exit', onExit);
        if ('ready' in reply) resolve();
        else if ('openError' in reply) reject(new PGliteWorkerError(reply.openError));
      };
      const onExit = (code: number) => reject(new Error(`the PGlite worker stopped while opening (exit code ${code})`));
      worker.once('message', onMessage);
      worker.once('exit', onExit);
      worker.once('error', reject);
    });
    client.#listen();
    return client;
  }

  query(request: Omit<Extract<PGliteWorkerRequest, { sql: string }>, 'id'>): Promise<WorkerAnswer> {
    return this.#send(request) as Promise<WorkerAnswer>;
  }

  /** Closes the database cleanly (pending queries finish first), then ends the worker. */
  async close(): Promise<void> {
    if (!this.#stopped) await this.#send({ close: true }).catch(() => undefined);
    this.#stopped ??= new Error('the PGlite database is closed (db.destroy() was called)');
    await this.#worker.terminate();
  }

  #send(request: Omit<PGliteWorkerRequest, 'id'>): Promise<WorkerAnswer | undefined> {
    if (this.#stopped) return Promise.reject(new Error(this.#stopped.message));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...request, id });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.#pending.set(id, { resolve, reject });
      // Keep the process alive while a query is out, and only then.
      if (this.#pending.size === 1) this.#worker.ref();
    });
  }

  #listen(): void {
    this.#worker.unref();
    this.#worker.on('message', (reply: PGliteWorkerReply) => {
      if (!('id' in reply)) return;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if ('error' in reply) pending.reject(new PGliteWorkerError(reply.error));
      else if ('closed' in reply) pending.resolve(undefined);
      else pending.resolve({ rows: reply.rows, affectedRows: reply.affectedRows, command: reply.command });
    });
    let cause = '';
    this.#worker.on('error', (error) => {
      cause = `: ${error.message}`;
    });
    this.#worker.on('exit', (code) => {
      this.#stopped ??= new Error(`the PGlite worker stopped (exit code ${code})${cause}`);
      const stopped = this.#stopped;
      for (const pending of this.#pending.values()) pending.reject(new Error(stopped.message));
      this.#pending.clear();
    });
  }
}

/**
 * Runs the compiled worker next to this file; from source (the tests, under tsx) Node 20 does not
 * apply `--import tsx` in a worker, so the worker registers tsx before loading the TypeScript entry.
 */
function startWorker(dataDir: string): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { dataDir } });
  }
  const entry = JSON.stringify(new URL('./pglite-worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { dataDir } });
}

/** PGlite has one session: the driver lends its one connection to one holder at a time, in order. */
class ConnectionQueue {
  #held = false;
  readonly #waiting: Array<() => void> = [];

  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

class PGliteWorkerConnection implements DatabaseConnection {
  readonly #client: PGliteWorkerClient;

  constructor(client: PGliteWorkerClient) {
    this.#client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, affectedRows, command } = await this.#client.query({
      sql: compiledQuery.sql,
      parameters: compiledQuery.parameters,
    });
    // As Kysely's PostgreSQL driver: COMMIT answered with ROLLBACK means the transaction had failed.
    if (command === 'COMMIT' || command === 'ROLLBACK') return { rows: [{ command }] as R[] };
    const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return { rows: rows as R[], ...(changed ? { numAffectedRows: BigInt(affectedRows) } : {}) };
  }

  /** The whole result is read, then handed out in chunks (PGlite has no cursor across the thread). */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new Error('chunkSize must be a positive integer');
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) yield { rows: rows.slice(start, start + chunkSize) };
  }
}

class PGliteWorkerDriver implements Driver {
  readonly #options: PGliteWorkerDialectOptions;
  readonly #queue = new ConnectionQueue();
  #client: PGliteWorkerClient | undefined;
  #connection: PGliteWorkerConnection | undefined;

  constructor(options: PGliteWorkerDialectOptions) {
    this.#options = options;
  }

  async init(): Promise<void> {
    this.#client = await PGliteWorkerClient.start(this.#options);
    this.#connection = new PGliteWorkerConnection(this.#client);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#queue.acquire();
    if (!this.#connection) {
      this.#queue.release();
      throw new Error('the PGlite driver is not open (destroyed, or never initialised)');
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    const access = settings.accessMode ? ` ${settings.accessMode}` : '';
    await connection.executeQuery(CompiledQuery.raw(`start transaction${isolation}${access}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
    if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(savepointName)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(savepointName)}`));
  }

  async releaseConnection(): Promise<void> {
    this.#queue.release();
  }

  async destroy(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#connection = undefined;
    await client?.close();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
