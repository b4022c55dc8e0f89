import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, TeamMemberTable, TeamTable } from '../db/schema.js';

export type TeamRow = Selectable<TeamTable>;
export type NewTeamRow = Insertable<TeamTable>;
export type TeamChanges = Updateable<TeamTable>;
export type TeamMemberRow = Selectable<TeamMemberTable>;

/** A member as LiteLLM's `members_with_roles` names it. */
export interface TeamMember {
  user_id: string;
  role: 'admin' | 'user';
}

/** Teams (`/team/*`) and their members, by `team_id`. Every query is parameterised by Kysely. */
export class TeamStore {
  constructor(readonly db: Kysely<Database>) {}

  /** Creates the team and its members in one transaction. */
  async insert(row: NewTeamRow, members: readonly TeamMember[]): Promise<TeamRow> {
    return this.db.transaction().execute(async (transaction) => {
      const team = await transaction.insertInto('llmux_teams').values(row).returningAll().executeTakeFirstOrThrow();
      if (members.length > 0) {
        await transaction
          .insertInto('llmux_team_members')
          .values(members.map((member) => ({ team_id: team.team_id, user_id: member.user_id, role: member.role })))
          .execute();
      }
      return team;
    });
  }

  async find(teamId: string): Promise<TeamRow | undefined> {
    return this.db.selectFrom('llmux_teams').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  }

  /** The ids among these that name no team. */
  async missing(teamIds: readonly string[]): Promise<string[]> {
    if (teamIds.length === 0) return [];
    const found = await this.db.selectFrom('llmux_teams').select('team_id').where('team_id', 'in', teamIds).execute();
    const known = new Set(found.map((row) => row.team_id));
    return [...new Set(teamIds)].filter((id) => !known.has(id));
  }

  /** The changed team, or `undefined` when there is none with this id. */
  async update(teamId: string, changes: TeamChanges): Promise<TeamRow | undefined> {
    return this.db
      .updateTable('llmux_teams')
      .set({ ...changes, updated_at: new Date() })
      .where('team_id', '=', teamId)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Deletes these teams with their memberships and keys, in one transaction; returns the ids deleted
   * and the tokens of the keys deleted (for the key cache).
   */
  async delete(teamIds: readonly string[]): Promise<{ teamIds: string[]; tokens: string[] }> {
    if (teamIds.length === 0) return { teamIds: [], tokens: [] };
    return this.db.transaction().execute(async (transaction) => {
      const keys = await transaction
        .deleteFrom('llmux_keys')
        .where('team_id', 'in', teamIds)
        .returning('token')
        .execute();
      await transaction.deleteFrom('llmux_team_members').where('team_id', 'in', teamIds).execute();
      const teams = await transaction
        .deleteFrom('llmux_teams')
        .where('team_id', 'in', teamIds)
        .returning('team_id')
        .execute();
      return { teamIds: teams.map((row) => row.team_id), tokens: keys.map((row) => row.token) };
    });
  }

  /** Every team, oldest first; with `userId`, only the teams that user is a member of. */
  async list(options: { userId?: string | undefined; organizationId?: string | undefined } = {}): Promise<TeamRow[]> {
    let query = this.db.selectFrom('llmux_teams').selectAll('llmux_teams');
    if (options.userId !== undefined) {
      const userId = options.userId;
      query = query.where('team_id', 'in', (sub) =>
        sub.selectFrom('llmux_team_members').select('team_id').where('user_id', '=', userId),
      );
    }
    if (options.organizationId !== undefined) query = query.where('organization_id', '=', options.organizationId);
    return query.orderBy('created_at').orderBy('team_id').execute();
  }

  /** The members of these teams, in the order they joined. */
  async members(teamIds: readonly string[]): Promise<TeamMemberRow[]> {
    if (teamIds.length === 0) return [];
    return this.db
      .selectFrom('llmux_team_members')
      .selectAll()
      .where('team_id', 'in', teamIds)
      .orderBy('created_at')
      .orderBy('user_id')
      .execute();
  }

  /** The user's role in the team (`admin` or `user`), or `undefined` when not a member. */
  async roleOf(teamId: string, userId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('llmux_team_members')
      .select('role')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role;
  }

  /** Adds the members (a member already there takes the new role); returns their rows. */
  async addMembers(teamId: string, members: readonly TeamMember[]): Promise<TeamMemberRow[]> {
    if (members.length === 0) return [];
    return this.db
      .insertInto('llmux_team_members')
      .values(members.map((member) => ({ team_id: teamId, user_id: member.user_id, role: member.role })))
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'user_id']).doUpdateSet((update) => ({ role: update.ref('excluded.role') })),
      )
      .returningAll()
      .execute();
  }

  /** Removes the users from the team; returns the ids removed. */
  async removeMembers(teamId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .deleteFrom('llmux_team_members')
      .where('team_id', '=', teamId)
      .where('user_id', 'in', userIds)
      .returning('user_id')
      .execute();
    return rows.map((row) => row.user_id);
  }

  /** Whether an organisation with this id exists (a team's `organization_id` must name one). */
  async organizationExists(organizationId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('llmux_organizations')
      .select('organization_id')
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The team's keys, newest first. */
  async keysOf(teamId: string) {
    return this.db
      .selectFrom('llmux_keys')
      .selectAll()
      .where('team_id', '=', teamId)
      .orderBy('created_at', 'desc')
      .execute();
  }
}
