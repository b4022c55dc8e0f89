import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, UserTable } from '../db/schema.js';

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserChanges = Updateable<UserTable>;

/** Users (`/user/*`) by `user_id`. Every query is parameterised by Kysely. */
export class UserStore {
  constructor(readonly db: Kysely<Database>) {}

  async insert(row: NewUserRow): Promise<UserRow> {
    return this.db.insertInto('llmux_users').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async find(userId: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('llmux_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** The ids among these that have no user yet. */
  async missing(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const found = await this.db.selectFrom('llmux_users').select('user_id').where('user_id', 'in', userIds).execute();
    const known = new Set(found.map((row) => row.user_id));
    return [...new Set(userIds)].filter((id) => !known.has(id));
  }

  /** Creates each missing user with LiteLLM's default role (`internal_user`); returns those created. */
  async ensure(userIds: readonly string[], createdBy: string): Promise<UserRow[]> {
    const missing = await this.missing(userIds);
    if (missing.length === 0) return [];
    return this.db
      .insertInto('llmux_users')
      .values(missing.map((user_id) => ({ user_id, created_by: createdBy, updated_by: createdBy })))
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .returningAll()
      .execute();
  }

  /** The changed user, or `undefined` when there is none with this id. */
  async update(userId: string, changes: UserChanges): Promise<UserRow | undefined> {
    return this.db
      .updateTable('llmux_users')
      .set({ ...changes, updated_at: new Date() })
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Deletes these users with their keys and team memberships, in one transaction; returns the ids
   * deleted and the tokens of the keys deleted (for the key cache).
   */
  async delete(userIds: readonly string[]): Promise<{ userIds: string[]; tokens: string[] }> {
    if (userIds.length === 0) return { userIds: [], tokens: [] };
    return this.db.transaction().execute(async (transaction) => {
      const keys = await transaction
        .deleteFrom('llmux_keys')
        .where('user_id', 'in', userIds)
        .returning('token')
        .execute();
      await transaction.deleteFrom('llmux_team_members').where('user_id', 'in', userIds).execute();
      const users = await transaction
        .deleteFrom('llmux_users')
        .where('user_id', 'in', userIds)
        .returning('user_id')
        .execute();
      return { userIds: users.map((row) => row.user_id), tokens: keys.map((row) => row.token) };
    });
  }

  /** One page of users, oldest first, with the total count. */
  async list(options: { page: number; size: number; role?: string | undefined }): Promise<{
    rows: UserRow[];
    total: number;
  }> {
    let query = this.db.selectFrom('llmux_users');
    if (options.role !== undefined) query = query.where('user_role', '=', options.role);
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at')
        .orderBy('user_id')
        .limit(options.size)
        .offset((options.page - 1) * options.size)
        .execute(),
      query.select((select) => select.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** The user's keys, newest first. */
  async keysOf(userId: string) {
    return this.db
      .selectFrom('llmux_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
  }
}
