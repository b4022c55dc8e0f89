import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { PendingRows } from './pending-rows.js';
import type { SpendLogRow } from './spend-totals.js';
import { writeSpendBatch } from './write-spend-batch.js';

export type { SpendLogRow } from './spend-totals.js';

export interface SpendLogWriterOptions {
  /** How often pending rows are written (default 1000 ms). */
  flushIntervalMs?: number | undefined;
  /** Rows per transaction; this many pending starts a write at once (default 500). */
  maxBatch?: number | undefined;
  /**
   * Rows kept while the database cannot be written (default 100,000); beyond, the oldest are dropped
   * and counted. The batch being written (at most `maxBatch` rows) comes on top while it is in flight.
   */
  maxPending?: number | undefined;
  /** How long `close()` keeps trying to write what is pending (default 10 s). */
  closeTimeoutMs?: number | undefined;
  /** Told once per streak of failed writes, of each row the database refuses, and of rows `close()` left. */
  onError?: ((error: unknown) => void) | undefined;
}

export interface SpendLogWriterStats {
  /** Rows not yet written, the batch being written included. */
  pending: number;
  /** Rows inserted. */
  written: number;
  /** Rows dropped because more than `maxPending` waited. */
  dropped: number;
  /** Writes that failed (each retry counts). */
  failedFlushes: number;
  /** Rows skipped because their `request_id` was already stored (a retried or repeated row). */
  duplicates: number;
  /** Rows the database refused on their own (invalid data: SQLSTATE class 22 or 23), dropped so they cannot block the rest. */
  rejected: number;
}

/** Thrown to `onError` for a row the database refuses on its own; `row` is the refused row, `cause` the database's error. */
export class SpendLogRowRejectedError extends Error {
  constructor(
    readonly row: SpendLogRow,
    options: { cause: unknown },
  ) {
    super(`spend-log row ${row.request_id} refused by the database: ${errorMessage(options.cause)}`, options);
    this.name = 'SpendLogRowRejectedError';
  }
}

/** Reported to `onError` when `close()` gives up with rows still pending. */
export class SpendLogRowsUnwrittenError extends Error {
  constructor(readonly unwritten: number) {
    super(`spend-log writer closed with ${unwritten} row(s) not written`);
    this.name = 'SpendLogRowsUnwrittenError';
  }
}

const MAX_RETRY_DELAY_MS = 5000;
type Entry = { sequence: number; row: SpendLogRow };

/**
 * Writes spend-log rows off the request path: `add()` only queues; a timer (or a full batch) writes
 * them in transactions that also add their spend to the totals and the daily aggregates. While the
 * database is down rows wait (at most `maxPending`) and are retried with backoff; a row is counted
 * once however often its batch is retried.
 *
 * @example
 * const writer = new SpendLogWriter(db, { onError: (error) => log.warn(error) });
 * writer.add(row); // on every request
 * await writer.close(); // on shutdown
 */
export class SpendLogWriter {
  readonly #db: Kysely<Database>;
  readonly #flushIntervalMs: number;
  readonly #maxBatch: number;
  readonly #maxPending: number;
  readonly #closeTimeoutMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #queue = new PendingRows<SpendLogRow>();
  #inFlight: Entry[] = [];
  #writing: Promise<{ error: unknown } | undefined> | undefined;
  #interval: ReturnType<typeof setInterval> | undefined;
  #kick: ReturnType<typeof setTimeout> | undefined;
  #failing = false;
  #failureStreak = 0;
  #retryAt = 0;
  #closed = false;
  #written = 0;
  #dropped = 0;
  #failedFlushes = 0;
  #duplicates = 0;
  #rejected = 0;

  constructor(db: Kysely<Database>, options: SpendLogWriterOptions = {}) {
    this.#db = db;
    this.#flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1000);
    this.#maxPending = Math.max(1, options.maxPending ?? 100_000);
    this.#maxBatch = Math.max(1, Math.min(options.maxBatch ?? 500, this.#maxPending));
    this.#closeTimeoutMs = Math.max(0, options.closeTimeoutMs ?? 10_000);
    this.#onError = options.onError ?? ((error) => console.error(`llmux spend log: ${errorMessage(error)}`));
    this.#interval = setInterval(() => this.#tick(), this.#flushIntervalMs);
    this.#interval.unref?.();
  }

  /** Queues one row; never waits, never throws. */
  add(row: SpendLogRow): void {
    this.#queue.push(row);
    if (this.#queue.length > this.#maxPending) this.#dropped += this.#queue.dropOldest(1);
    if (this.#queue.length >= this.#maxBatch && !this.#kick && !this.#writing && !this.#failing && !this.#closed) {
      this.#kick = setTimeout(() => {
        this.#kick = undefined;
        this.#tick();
      }, 0);
      this.#kick.unref?.();
    }
  }

  /**
   * Writes every row added before the call; rejects with the database's error if a write fails
   * (the rows stay pending and are retried).
   */
  async flush(): Promise<void> {
    const target = this.#queue.lastSequence;
    while (this.#oldestPending() <= target) {
      if (this.#writing) {
        await this.#writing;
        continue;
      }
      const outcome = await this.#startWrite();
      if (outcome) throw outcome.error;
    }
  }

  /**
   * Stops the timer and writes what is pending, retrying for up to `closeTimeoutMs`; resolves with
   * how many rows were left unwritten (also reported to `onError`). Rows added later wait for `flush()`.
   */
  async close(): Promise<{ unwritten: number }> {
    this.#closed = true;
    clearInterval(this.#interval);
    clearTimeout(this.#kick);
    this.#kick = undefined;
    const deadline = Date.now() + this.#closeTimeoutMs;
    let gaveUp = false;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    // Ref'd on purpose: the caller is waiting for the rows, within the bound it chose.
    const expired = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, this.#closeTimeoutMs);
    });
    const flushed = (async () => {
      while (!gaveUp) {
        try {
          await this.flush();
          return;
        } catch {
          const wait = Math.min(this.#retryDelay(), deadline - Date.now());
          if (wait <= 0) return;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    })();
    await Promise.race([flushed, expired]);
    gaveUp = true;
    clearTimeout(timeout);
    const unwritten = this.#pending();
    if (unwritten > 0) this.#report(new SpendLogRowsUnwrittenError(unwritten));
    return { unwritten };
  }

  stats(): SpendLogWriterStats {
    return {
      pending: this.#pending(),
      written: this.#written,
      dropped: this.#dropped,
      failedFlushes: this.#failedFlushes,
      duplicates: this.#duplicates,
      rejected: this.#rejected,
    };
  }

  #pending(): number {
    return this.#queue.length + this.#inFlight.length;
  }

  #oldestPending(): number {
    return this.#inFlight[0]?.sequence ?? this.#queue.oldestSequence;
  }

  #tick(): void {
    if (this.#writing || this.#queue.length === 0 || this.#waitingToRetry()) return;
    void this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#waitingToRetry()) {
      const outcome = await (this.#writing ?? this.#startWrite());
      if (outcome) return;
    }
  }

  #waitingToRetry(): boolean {
    return this.#failing && Date.now() < this.#retryAt;
  }

  #retryDelay(): number {
    const exponent = Math.min(Math.max(this.#failureStreak - 1, 0), 16);
    return Math.min(this.#flushIntervalMs * 2 ** exponent, Math.max(MAX_RETRY_DELAY_MS, this.#flushIntervalMs));
  }

  #startWrite(): Promise<{ error: unknown } | undefined> {
    const writing = this.#write();
    this.#writing = writing;
    return writing;
  }

  /** Writes the oldest batch; never rejects: a failure puts the batch back and is returned. */
  async #write(): Promise<{ error: unknown } | undefined> {
    const batch = this.#queue.take(this.#maxBatch);
    this.#inFlight = batch;
    try {
      const { inserted, rejected } = await this.#writeOrSplit(batch.map((entry) => entry.row));
      this.#written += inserted;
      this.#rejected += rejected;
      this.#duplicates += batch.length - inserted - rejected;
      this.#failing = false;
      this.#failureStreak = 0;
      return undefined;
    } catch (error) {
      this.#queue.putBack(batch);
      if (this.#queue.length > this.#maxPending) {
        this.#dropped += this.#queue.dropOldest(this.#queue.length - this.#maxPending);
      }
      this.#failedFlushes += 1;
      this.#failureStreak += 1;
      this.#retryAt = Date.now() + this.#retryDelay();
      if (!this.#failing) {
        this.#failing = true;
        this.#report(error);
      }
      return { error };
    } finally {
      this.#inFlight = [];
      this.#writing = undefined;
    }
  }

  /**
   * A batch the database refuses for its data (not its availability) is split in halves until the
   * refused rows stand alone; those are dropped and reported, so one bad row never blocks the log.
   */
  async #writeOrSplit(rows: SpendLogRow[]): Promise<{ inserted: number; rejected: number }> {
    try {
      return { inserted: await writeSpendBatch(this.#db, rows), rejected: 0 };
    } catch (error) {
      if (!isDataError(error)) throw error;
      const [only] = rows;
      if (rows.length === 1 && only) {
        this.#report(new SpendLogRowRejectedError(only, { cause: error }));
        return { inserted: 0, rejected: 1 };
      }
      const middle = Math.ceil(rows.length / 2);
      const left = await this.#writeOrSplit(rows.slice(0, middle));
      const right = await this.#writeOrSplit(rows.slice(middle));
      return { inserted: left.inserted + right.inserted, rejected: left.rejected + right.rejected };
    }
  }

  #report(error: unknown): void {
    try {
      this.#onError(error);
    } catch {
      // A failing error hook must not break the writer.
    }
  }
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the rows, not the server. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
