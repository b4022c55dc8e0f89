import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, EndUserTable } from '../db/schema.js';

export type CustomerRow = Selectable<EndUserTable>;
export type NewCustomerRow = Insertable<EndUserTable>;
export type CustomerChanges = Updateable<EndUserTable>;

/** End users (LiteLLM's customers: the `user` field of a request), by `user_id`. */
export class CustomerStore {
  constructor(readonly db: Kysely<Database>) {}

  /** The new customer, or `undefined` when one with this id already exists. */
  async insert(row: NewCustomerRow): Promise<CustomerRow | undefined> {
    return this.db
      .insertInto('llmux_end_users')
      .values(row)
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async find(userId: string): Promise<CustomerRow | undefined> {
    return this.db.selectFrom('llmux_end_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** The ids among these that no customer has. */
  async missing(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('llmux_end_users')
      .select('user_id')
      .where('user_id', 'in', userIds)
      .execute();
    const found = new Set(rows.map((row) => row.user_id));
    return [...new Set(userIds)].filter((id) => !found.has(id));
  }

  /** The changed customer, or `undefined` when there is none with this id. */
  async update(userId: string, changes: CustomerChanges): Promise<CustomerRow | undefined> {
    return this.db
      .updateTable('llmux_end_users')
      .set({ ...changes, updated_at: new Date() })
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes these customers; returns the ids deleted. */
  async delete(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .deleteFrom('llmux_end_users')
      .where('user_id', 'in', userIds)
      .returning('user_id')
      .execute();
    return rows.map((row) => row.user_id);
  }

  /** Blocks these customers, creating the unknown ones (as LiteLLM: a block can precede the first request). */
  async block(userIds: readonly string[], actor: string): Promise<CustomerRow[]> {
    if (userIds.length === 0) return [];
    const now = new Date();
    return this.db
      .insertInto('llmux_end_users')
      .values(
        [...new Set(userIds)].map((user_id) => ({ user_id, blocked: true, created_by: actor, updated_by: actor })),
      )
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({ blocked: true, updated_at: now, updated_by: actor }),
      )
      .returningAll()
      .execute();
  }

  /** Unblocks these customers; returns the rows changed (unknown ids change nothing). */
  async unblock(userIds: readonly string[], actor: string): Promise<CustomerRow[]> {
    if (userIds.length === 0) return [];
    return this.db
      .updateTable('llmux_end_users')
      .set({ blocked: false, updated_at: new Date(), updated_by: actor })
      .where('user_id', 'in', userIds)
      .returningAll()
      .execute();
  }

  /** Every customer, oldest first. */
  async list(): Promise<CustomerRow[]> {
    return this.db.selectFrom('llmux_end_users').selectAll().orderBy('created_at').orderBy('user_id').execute();
  }
}
