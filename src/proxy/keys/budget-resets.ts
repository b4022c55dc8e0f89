import type { Kysely } from 'kysely';
import type { Database } from '../../store/db/schema.js';
import { durationEnd } from './duration.js';

/** The tables whose rows carry a budget that `budget_duration` resets, and each one's id column. */
const BUDGET_TABLES = [
  { table: 'llmux_keys', id: 'token' },
  { table: 'llmux_users', id: 'user_id' },
  { table: 'llmux_teams', id: 'team_id' },
  { table: 'llmux_organizations', id: 'organization_id' },
  { table: 'llmux_end_users', id: 'user_id' },
] as const;

/**
 * LiteLLM's `budget_duration`: every row whose `budget_reset_at` has passed gets its spend set back to
 * 0 and its next reset one duration from now. Each row is reset only if its reset time is still the
 * one read, so instances sharing the database never reset a row twice. The spend logs stay.
 * Returns how many rows were reset.
 */
export async function resetDueBudgets(db: Kysely<Database>, now = new Date()): Promise<number> {
  let reset = 0;
  for (const { table, id } of BUDGET_TABLES) {
    // Each table has the same budget columns; Kysely cannot type a loop over table names.
    const typed = db as unknown as Kysely<
      Record<
        string,
        { budget_duration: string | null; budget_reset_at: Date | null; spend: number } & Record<string, unknown>
      >
    >;
    const due = await typed
      .selectFrom(table)
      .select([id, 'budget_duration', 'budget_reset_at'])
      .where('budget_reset_at', '<=', now)
      .where('budget_duration', 'is not', null)
      .execute();
    for (const row of due) {
      const next = durationEnd(row.budget_duration as string, now, 'budget_duration');
      const result = await typed
        .updateTable(table)
        .set({ spend: 0, budget_reset_at: next })
        .where(id, '=', row[id])
        .where('budget_reset_at', '=', row.budget_reset_at)
        .executeTakeFirst();
      reset += Number(result.numUpdatedRows);
    }
  }
  return reset;
}
