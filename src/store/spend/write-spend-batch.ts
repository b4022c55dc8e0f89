import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  type InsertedSpendRow,
  type SpendDelta,
  type SpendLogRow,
  type SpendTotals,
  spendTotals,
} from './spend-totals.js';

// PostgreSQL takes at most 65,535 parameters per statement: a spend-log row has 29 columns, a
// daily row 10, a total 2 or 3.
const INSERT_CHUNK = 1000;
const DAILY_CHUNK = 5000;
const TOTALS_CHUNK = 10_000;

/** The tables of running totals and the columns that name an entity in each. */
const TOTAL_TABLES: readonly { totals: keyof Omit<SpendTotals, 'daily'>; table: string; columns: string[] }[] = [
  { totals: 'keys', table: 'llmux_keys', columns: ['token'] },
  { totals: 'users', table: 'llmux_users', columns: ['user_id'] },
  { totals: 'teams', table: 'llmux_teams', columns: ['team_id'] },
  { totals: 'organizations', table: 'llmux_organizations', columns: ['organization_id'] },
  { totals: 'endUsers', table: 'llmux_end_users', columns: ['user_id'] },
  { totals: 'teamMembers', table: 'llmux_team_members', columns: ['team_id', 'user_id'] },
];

/**
 * Writes one batch in one transaction: the rows (a row whose `request_id` is already stored is
 * skipped), then, for the rows actually inserted only, the running totals and the daily
 * aggregates. A retried batch therefore adds each row once. Returns how many rows were new.
 *
 * @example
 * const inserted = await writeSpendBatch(db, rows);
 */
export async function writeSpendBatch(db: Kysely<Database>, rows: readonly SpendLogRow[]): Promise<number> {
  const unique = uniqueByRequestId(rows);
  if (unique.length === 0) return 0;
  return db.transaction().execute(async (transaction) => {
    const inserted = await insertRows(transaction, unique);
    if (inserted.length === 0) return 0;
    const totals = spendTotals(inserted);
    for (const { totals: name, table, columns } of TOTAL_TABLES) {
      await addToTotals(transaction, { table, columns, deltas: totals[name] });
    }
    await addToDaily(transaction, totals.daily);
    return inserted.length;
  });
}

/** The first row of each request id: a request is logged once, whatever the caller sent twice. */
function uniqueByRequestId(rows: readonly SpendLogRow[]): SpendLogRow[] {
  const seen = new Set<string>();
  const unique: SpendLogRow[] = [];
  for (const row of rows) {
    if (seen.has(row.request_id)) continue;
    seen.add(row.request_id);
    unique.push(row);
  }
  return unique;
}

async function insertRows(transaction: Transaction<Database>, rows: SpendLogRow[]): Promise<InsertedSpendRow[]> {
  const byId = new Map(rows.map((row) => [row.request_id, row]));
  const inserted: InsertedSpendRow[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const returned = await transaction
      .insertInto('llmux_spend_logs')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflict((conflict) => conflict.column('request_id').doNothing())
      .returning(['request_id', 'start_time'])
      .execute();
    for (const { request_id, start_time } of returned) {
      const row = byId.get(request_id);
      // The day as the database understood the time (a string without an offset is read in its time zone).
      if (row) inserted.push({ row, day: new Date(start_time).toISOString().slice(0, 10) });
    }
  }
  return inserted;
}

/** `update … from (values …)`: one statement per table adds every entity's spend; unknown ids match nothing. */
async function addToTotals(
  transaction: Transaction<Database>,
  target: { table: string; columns: string[]; deltas: SpendDelta[] },
): Promise<void> {
  const { table, columns, deltas } = target;
  for (let start = 0; start < deltas.length; start += TOTALS_CHUNK) {
    const values = deltas
      .slice(start, start + TOTALS_CHUNK)
      .map((delta) => sql`(${sql.join(delta.ids.map((id) => sql`${id}::text`))}, ${delta.spend}::double precision)`);
    const names = sql.join(columns.map((column) => sql.ref(column)));
    const matches = sql.join(
      columns.map((column) => sql`${sql.ref(`target.${column}`)} = ${sql.ref(`delta.${column}`)}`),
      sql` and `,
    );
    await sql`update ${sql.table(table)} as target set spend = target.spend + delta.spend
      from (values ${sql.join(values)}) as delta(${names}, spend)
      where ${matches}`.execute(transaction);
  }
}

async function addToDaily(transaction: Transaction<Database>, deltas: SpendTotals['daily']): Promise<void> {
  for (let start = 0; start < deltas.length; start += DAILY_CHUNK) {
    await transaction
      .insertInto('llmux_daily_spend')
      .values(deltas.slice(start, start + DAILY_CHUNK))
      .onConflict((conflict) =>
        conflict.columns(['day', 'entity_type', 'entity_id', 'model_group']).doUpdateSet({
          requests: sql`llmux_daily_spend.requests + excluded.requests`,
          successful_requests: sql`llmux_daily_spend.successful_requests + excluded.successful_requests`,
          failed_requests: sql`llmux_daily_spend.failed_requests + excluded.failed_requests`,
          prompt_tokens: sql`llmux_daily_spend.prompt_tokens + excluded.prompt_tokens`,
          completion_tokens: sql`llmux_daily_spend.completion_tokens + excluded.completion_tokens`,
          spend: sql`llmux_daily_spend.spend + excluded.spend`,
        }),
      )
      .execute();
  }
}
