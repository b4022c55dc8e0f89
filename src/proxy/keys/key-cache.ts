import { ServiceUnavailableError } from '../../errors/index.js';
import type { KeyRow, KeyStore } from '../../store/keys/key-store.js';

/** How long a key read from the database is trusted: a change made on another instance shows within this. */
export const KEY_CACHE_TTL_MS = 1000;

interface Entry {
  row: KeyRow | undefined;
  loadedAt: number;
}

/**
 * Virtual keys by token, so authentication costs no database round trip per request: each key is read
 * at most once a second per instance (a key updated, blocked or deleted anywhere is refused everywhere
 * within a second), concurrent misses share one read, and changes made here apply at once. While the
 * database does not answer, the last known state of a key keeps serving; a key never seen is refused with 503.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<KeyRow | undefined>>();

  constructor(
    private readonly store: KeyStore,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = KEY_CACHE_TTL_MS,
  ) {}

  /** The key with this token (`undefined`: no such key); from memory when fresh. */
  get(token: string): KeyRow | undefined | Promise<KeyRow | undefined> {
    const entry = this.entries.get(token);
    if (entry && this.now() - entry.loadedAt < this.ttlMs) return entry.row;
    return this.load(token, entry);
  }

  /** A key changed here: the next request sees the change (`undefined`: deleted). */
  set(token: string, row: KeyRow | undefined): void {
    this.entries.set(token, { row, loadedAt: this.now() });
  }

  private load(token: string, stale: Entry | undefined): Promise<KeyRow | undefined> {
    const pending = this.loading.get(token);
    if (pending) return pending;
    const read = this.store
      .findByToken(token)
      .then((row) => {
        this.set(token, row);
        return row;
      })
      .catch((error: unknown) => {
        if (stale) return stale.row;
        throw new ServiceUnavailableError({
          message: 'The key database does not answer; try again shortly',
          code: 'database_unavailable',
          cause: error,
        });
      })
      .finally(() => this.loading.delete(token));
    this.loading.set(token, read);
    return read;
  }
}
