import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, KeyTable } from '../db/schema.js';

export type KeyRow = Selectable<KeyTable>;
export type NewKeyRow = Insertable<KeyTable>;
export type KeyChanges = Updateable<KeyTable>;

/** Virtual keys in the database, by their hash (`token`). Every query is parameterised by Kysely. */
export class KeyStore {
  constructor(readonly db: Kysely<Database>) {}

  async insert(row: NewKeyRow): Promise<KeyRow> {
    return this.db.insertInto('llmux_keys').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findByToken(token: string): Promise<KeyRow | undefined> {
    return this.db.selectFrom('llmux_keys').selectAll().where('token', '=', token).executeTakeFirst();
  }

  async findByAlias(alias: string): Promise<KeyRow | undefined> {
    return this.db.selectFrom('llmux_keys').selectAll().where('key_alias', '=', alias).executeTakeFirst();
  }

  /** The changed key, or `undefined` when there is none with this token. */
  async update(token: string, changes: KeyChanges): Promise<KeyRow | undefined> {
    return this.db
      .updateTable('llmux_keys')
      .set({ ...changes, updated_at: new Date() })
      .where('token', '=', token)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes the keys with these tokens or aliases; returns the tokens deleted. */
  async delete(options: { tokens?: readonly string[]; aliases?: readonly string[] }): Promise<string[]> {
    const tokens = options.tokens ?? [];
    const aliases = options.aliases ?? [];
    if (tokens.length === 0 && aliases.length === 0) return [];
    const rows = await this.db
      .deleteFrom('llmux_keys')
      .where((where) =>
        where.or([
          ...(tokens.length > 0 ? [where('token', 'in', tokens)] : []),
          ...(aliases.length > 0 ? [where('key_alias', 'in', aliases)] : []),
        ]),
      )
      .returning('token')
      .execute();
    return rows.map((row) => row.token);
  }

  /** One page of keys, newest first, with the total count. */
  async list(options: {
    page: number;
    size: number;
    userId?: string | undefined;
    teamId?: string | undefined;
    alias?: string | undefined;
  }): Promise<{ rows: KeyRow[]; total: number }> {
    let query = this.db.selectFrom('llmux_keys');
    if (options.userId !== undefined) query = query.where('user_id', '=', options.userId);
    if (options.teamId !== undefined) query = query.where('team_id', '=', options.teamId);
    if (options.alias !== undefined) query = query.where('key_alias', '=', options.alias);
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('token')
        .limit(options.size)
        .offset((options.page - 1) * options.size)
        .execute(),
      query.select((select) => select.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** Moves a key to a new token (`/key/regenerate`): same settings and spend, the old token gone at once. */
  async replaceToken(oldToken: string, next: { token: string; key_name: string }): Promise<KeyRow | undefined> {
    return this.db
      .updateTable('llmux_keys')
      .set({ token: next.token, key_name: next.key_name, updated_at: new Date() })
      .where('token', '=', oldToken)
      .returningAll()
      .executeTakeFirst();
  }
}
