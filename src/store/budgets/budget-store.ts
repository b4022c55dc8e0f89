import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { BudgetTable, Database } from '../db/schema.js';

export type BudgetRow = Selectable<BudgetTable>;
export type NewBudgetRow = Insertable<BudgetTable>;
export type BudgetChanges = Updateable<BudgetTable>;

/** Named budgets (`/budget/*`) that end users can share, by `budget_id`. */
export class BudgetStore {
  constructor(readonly db: Kysely<Database>) {}

  /** The new budget, or `undefined` when one with this id already exists. */
  async insert(row: NewBudgetRow): Promise<BudgetRow | undefined> {
    return this.db
      .insertInto('llmux_budgets')
      .values(row)
      .onConflict((conflict) => conflict.column('budget_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async find(budgetId: string): Promise<BudgetRow | undefined> {
    return this.db.selectFrom('llmux_budgets').selectAll().where('budget_id', '=', budgetId).executeTakeFirst();
  }

  /** The budgets with these ids (in no particular order; missing ones are absent). */
  async findMany(budgetIds: readonly string[]): Promise<BudgetRow[]> {
    if (budgetIds.length === 0) return [];
    return this.db.selectFrom('llmux_budgets').selectAll().where('budget_id', 'in', budgetIds).execute();
  }

  /** The changed budget, or `undefined` when there is none with this id. */
  async update(budgetId: string, changes: BudgetChanges): Promise<BudgetRow | undefined> {
    return this.db
      .updateTable('llmux_budgets')
      .set({ ...changes, updated_at: new Date() })
      .where('budget_id', '=', budgetId)
      .returningAll()
      .executeTakeFirst();
  }

  /** The deleted budget (end users on it keep no budget), or `undefined` when there was none. */
  async delete(budgetId: string): Promise<BudgetRow | undefined> {
    return this.db.deleteFrom('llmux_budgets').where('budget_id', '=', budgetId).returningAll().executeTakeFirst();
  }

  /** Every budget, oldest first. */
  async list(): Promise<BudgetRow[]> {
    return this.db.selectFrom('llmux_budgets').selectAll().orderBy('created_at').orderBy('budget_id').execute();
  }
}
