import type { KeyStore } from '../../store/keys/key-store.js';
import type { SpendLogWriter } from '../../store/spend/spend-log-writer.js';
import type { CustomerCache, KeyCache, TeamCache, UserCache } from './key-cache.js';

/** Virtual keys for the gateway: the store (management), the cache (authentication), the spend log. */
export interface KeyService {
  store: KeyStore;
  cache: KeyCache;
  /** Teams as authentication needs them; management calls that change a team update it. */
  teams: TeamCache;
  /** Users (a key's `user_id`): their budgets bound their keys. */
  users: UserCache;
  /** End users (the request's `user`); management calls that change one update it. */
  customers: CustomerCache;
  spend: SpendLogWriter;
  /** Resets the budgets whose `budget_duration` has run out (also run every minute while the database is open). */
  resetBudgets(): Promise<number>;
}
