import type { Kysely, Selectable } from 'kysely';
import type { Database, SpendLogTable } from '../db/schema.js';

export type SpendLogEntry = Selectable<SpendLogTable>;

export interface SpendLogFilter {
  apiKey?: string | undefined;
  userId?: string | undefined;
  teamId?: string | undefined;
  requestId?: string | undefined;
  /** Inclusive start and exclusive end of `start_time`. */
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

/** Spend-log rows, newest first (`/spend/logs`). */
export function findSpendLogs(db: Kysely<Database>, filter: SpendLogFilter): Promise<SpendLogEntry[]> {
  let query = db.selectFrom('llmux_spend_logs').selectAll();
  if (filter.apiKey !== undefined) query = query.where('api_key', '=', filter.apiKey);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
  if (filter.requestId !== undefined) query = query.where('request_id', '=', filter.requestId);
  if (filter.from !== undefined) query = query.where('start_time', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('start_time', '<', filter.to);
  return query.orderBy('start_time', 'desc').orderBy('request_id').limit(filter.limit).execute();
}
