import { CustomerStore } from '../../store/customers/customer-store.js';
import type { OpenDatabase } from '../../store/db/open-database.js';
import { KeyStore } from '../../store/keys/key-store.js';
import { TeamStore } from '../../store/teams/team-store.js';
import { UserStore } from '../../store/users/user-store.js';
import { resetDueBudgets } from './budget-resets.js';
import { CustomerCache, KeyCache, TeamCache, UserCache } from './key-cache.js';
import type { KeyService } from './key-service.js';

/** How often budgets whose `budget_duration` ran out are reset. */
const BUDGET_RESET_INTERVAL_MS = 60_000;

/**
 * The gateway's way to its virtual keys. The database opens at start-up when one is configured or
 * the embedded one already exists; otherwise on the first management call, so a gateway that never
 * makes a key never pays for the embedded database (about 300 MB of memory and a second to open).
 * Until it is open no virtual key exists, and a key other than the master key is refused.
 */
export class KeyAccess {
  private service: KeyService | undefined;
  private database: OpenDatabase | undefined;
  private opening: Promise<KeyService> | undefined;
  private resetTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly openDatabase: () => Promise<OpenDatabase>,
    /** Told when spend rows cannot be written (once per outage) or are left at shutdown. */
    private readonly onSpendError: (error: unknown) => void = () => undefined,
  ) {}

  /** The keys, when the database is open. */
  get current(): KeyService | undefined {
    return this.service;
  }

  /** Opens the database once (concurrent callers share the opening); a failed opening is tried again next time. */
  open(): Promise<KeyService> {
    if (this.service) return Promise.resolve(this.service);
    this.opening ??= Promise.all([this.openDatabase(), import('../../store/spend/spend-log-writer.js')])
      .then(([database, { SpendLogWriter }]) => {
        this.database = database;
        const store = new KeyStore(database.db);
        const spend = new SpendLogWriter(database.db, { onError: this.onSpendError });
        this.service = {
          store,
          cache: new KeyCache(store),
          teams: new TeamCache(new TeamStore(database.db)),
          users: new UserCache(new UserStore(database.db)),
          customers: new CustomerCache(new CustomerStore(database.db)),
          spend,
          resetBudgets: () => resetDueBudgets(database.db),
        };
        // budget_duration: due budgets reset every minute (each row once, whichever instance gets there first).
        const reset = () => void resetDueBudgets(database.db).catch((error) => this.onSpendError(error));
        reset();
        this.resetTimer = setInterval(reset, BUDGET_RESET_INTERVAL_MS);
        this.resetTimer.unref();
        return this.service;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  /** Writes the spend rows still pending (bounded), then closes the database. */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const { database, service } = this;
    if (this.resetTimer !== undefined) clearInterval(this.resetTimer);
    this.database = undefined;
    this.service = undefined;
    await service?.spend.close();
    await database?.close();
  }
}
