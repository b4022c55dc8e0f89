import { ServiceUnavailableError } from '../../errors/index.js';
import type { CustomerRow, CustomerStore } from '../../store/customers/customer-store.js';
import type { KeyRow, KeyStore } from '../../store/keys/key-store.js';
import type { TeamRow, TeamStore } from '../../store/teams/team-store.js';
import type { UserRow, UserStore } from '../../store/users/user-store.js';

/** How long a row read from the database is trusted: a change made on another instance shows within this. */
export const KEY_CACHE_TTL_MS = 1000;

interface Entry<Row> {
  row: Row | undefined;
  loadedAt: number;
}

/**
 * Rows authentication needs (keys by token, teams by id), so it costs no database round trip per
 * request: each row is read at most once a second per instance (a change made anywhere is seen
 * everywhere within a second), concurrent misses share one read, and changes made here apply at once.
 * While the database does not answer, the last known state keeps serving; a row never seen is a 503.
 */
export class RowCache<Row> {
  private readonly entries = new Map<string, Entry<Row>>();
  private readonly loading = new Map<string, Promise<Row | undefined>>();

  constructor(
    private readonly load: (id: string) => Promise<Row | undefined>,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = KEY_CACHE_TTL_MS,
  ) {}

  /** The row with this id (`undefined`: none); from memory when fresh. */
  get(id: string): Row | undefined | Promise<Row | undefined> {
    const entry = this.entries.get(id);
    if (entry && this.now() - entry.loadedAt < this.ttlMs) return entry.row;
    return this.read(id, entry);
  }

  /** A row changed here: the next request sees the change (`undefined`: deleted). */
  set(id: string, row: Row | undefined): void {
    this.entries.set(id, { row, loadedAt: this.now() });
  }

  private read(id: string, stale: Entry<Row> | undefined): Promise<Row | undefined> {
    const pending = this.loading.get(id);
    if (pending) return pending;
    const read = this.load(id)
      .then((row) => {
        this.set(id, row);
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
      .finally(() => this.loading.delete(id));
    this.loading.set(id, read);
    return read;
  }
}

/** Virtual keys by token. */
export class KeyCache extends RowCache<KeyRow> {
  constructor(store: KeyStore, now?: () => number, ttlMs?: number) {
    super((token) => store.findByToken(token), now, ttlMs);
  }
}

/** Teams by id (a blocked team's keys are refused; a team's models bound its keys'). */
export class TeamCache extends RowCache<TeamRow> {
  constructor(store: TeamStore, now?: () => number, ttlMs?: number) {
    super((teamId) => store.find(teamId), now, ttlMs);
  }
}

/** End users (LiteLLM's customers) by id: a blocked one's requests are refused. */
export class CustomerCache extends RowCache<CustomerRow> {
  constructor(store: CustomerStore, now?: () => number, ttlMs?: number) {
    super((userId) => store.find(userId), now, ttlMs);
  }
}

/** Users by id (a user's budget bounds its keys). */
export class UserCache extends RowCache<UserRow> {
  constructor(store: UserStore, now?: () => number, ttlMs?: number) {
    super((userId) => store.find(userId), now, ttlMs);
  }
}
