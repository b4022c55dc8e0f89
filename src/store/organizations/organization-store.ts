import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OrganizationMemberTable, OrganizationTable, TeamTable, UserTable } from '../db/schema.js';

export type OrganizationRow = Selectable<OrganizationTable>;
export type NewOrganizationRow = Insertable<OrganizationTable>;
export type OrganizationChanges = Updateable<OrganizationTable>;
export type OrganizationMemberRow = Selectable<OrganizationMemberTable>;
export type OrganizationUserRow = Selectable<UserTable>;
export type OrganizationTeamRow = Selectable<TeamTable>;

/** A member to add: a user by id, or by email (found, or created with `newUserId`). */
export interface NewOrganizationMember {
  user_id?: string | undefined;
  user_email?: string | undefined;
  role: string;
}

/** Organisations and their members, by `organization_id`. */
export class OrganizationStore {
  constructor(readonly db: Kysely<Database>) {}

  /** The new organisation, or `undefined` when one with this id already exists. */
  async insert(row: NewOrganizationRow): Promise<OrganizationRow | undefined> {
    return this.db
      .insertInto('llmux_organizations')
      .values(row)
      .onConflict((conflict) => conflict.column('organization_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async find(organizationId: string): Promise<OrganizationRow | undefined> {
    return this.db
      .selectFrom('llmux_organizations')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
  }

  /** The ids among these that no organisation has. */
  async missing(organizationIds: readonly string[]): Promise<string[]> {
    if (organizationIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('llmux_organizations')
      .select('organization_id')
      .where('organization_id', 'in', organizationIds)
      .execute();
    const found = new Set(rows.map((row) => row.organization_id));
    return [...new Set(organizationIds)].filter((id) => !found.has(id));
  }

  /** The changed organisation, or `undefined` when there is none with this id. */
  async update(organizationId: string, changes: OrganizationChanges): Promise<OrganizationRow | undefined> {
    return this.db
      .updateTable('llmux_organizations')
      .set({ ...changes, updated_at: new Date() })
      .where('organization_id', '=', organizationId)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes these organisations (their memberships with them; their teams keep no organisation). */
  async delete(organizationIds: readonly string[]): Promise<OrganizationRow[]> {
    if (organizationIds.length === 0) return [];
    return this.db
      .deleteFrom('llmux_organizations')
      .where('organization_id', 'in', organizationIds)
      .returningAll()
      .execute();
  }

  /** Every organisation, oldest first. */
  async list(): Promise<OrganizationRow[]> {
    return this.db
      .selectFrom('llmux_organizations')
      .selectAll()
      .orderBy('created_at')
      .orderBy('organization_id')
      .execute();
  }

  /** The memberships of these organisations, oldest first. */
  async members(organizationIds: readonly string[]): Promise<OrganizationMemberRow[]> {
    if (organizationIds.length === 0) return [];
    return this.db
      .selectFrom('llmux_organization_members')
      .selectAll()
      .where('organization_id', 'in', organizationIds)
      .orderBy('created_at')
      .orderBy('user_id')
      .execute();
  }

  /** The teams of an organisation. */
  async teams(organizationId: string): Promise<OrganizationTeamRow[]> {
    return this.db
      .selectFrom('llmux_teams')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('team_id')
      .execute();
  }

  /**
   * Adds members (a member already in it gets the new role), in one transaction. A user not yet
   * known is created as an `internal_user`; one given by email only gets the id `newUserId()`.
   */
  async addMembers(options: {
    organizationId: string;
    members: readonly NewOrganizationMember[];
    actor: string;
    newUserId: () => string;
  }): Promise<{ users: OrganizationUserRow[]; memberships: OrganizationMemberRow[] }> {
    return this.db.transaction().execute(async (transaction) => {
      const users: OrganizationUserRow[] = [];
      const memberships: OrganizationMemberRow[] = [];
      for (const member of options.members) {
        const user = await findOrCreateUser(transaction, member, options);
        users.push(user);
        memberships.push(
          await transaction
            .insertInto('llmux_organization_members')
            .values({ organization_id: options.organizationId, user_id: user.user_id, user_role: member.role })
            .onConflict((conflict) =>
              conflict.columns(['organization_id', 'user_id']).doUpdateSet({ user_role: member.role }),
            )
            .returningAll()
            .executeTakeFirstOrThrow(),
        );
      }
      return { users, memberships };
    });
  }
}

async function findOrCreateUser(
  db: Kysely<Database>,
  member: NewOrganizationMember,
  options: { actor: string; newUserId: () => string },
): Promise<OrganizationUserRow> {
  if (member.user_id === undefined && member.user_email === undefined) {
    throw new TypeError('an organisation member needs user_id or user_email');
  }
  let query = db.selectFrom('llmux_users').selectAll();
  if (member.user_id !== undefined) query = query.where('user_id', '=', member.user_id);
  else if (member.user_email !== undefined) query = query.where('user_email', '=', member.user_email);
  const found = await query.orderBy('created_at').executeTakeFirst();
  if (found) return found;
  return db
    .insertInto('llmux_users')
    .values({
      user_id: member.user_id ?? options.newUserId(),
      user_email: member.user_email ?? null,
      user_role: 'internal_user',
      created_by: options.actor,
      updated_by: options.actor,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
