import * as z from 'zod';
import type { TeamChanges, TeamMember } from '../../store/teams/team-store.js';
import { budgetColumns, count, jsonColumn, money, names, nullish, parseBody, record } from './user-team-helpers.js';

/** A member as LiteLLM's `members_with_roles` and `/team/member_add` give it. */
const member = z.object({
  user_id: z.string().check(z.minLength(1)),
  role: z.optional(z.enum(['admin', 'user'])),
});

/** The fields `/team/new` and `/team/update` take (LiteLLM's names); other fields are ignored. */
const teamSettings = z.looseObject({
  team_id: nullish(z.string().check(z.minLength(1), z.maxLength(256))),
  team_alias: nullish(z.string()),
  organization_id: nullish(z.string()),
  models: nullish(names),
  max_budget: nullish(money),
  budget_duration: nullish(z.string()),
  tpm_limit: nullish(count),
  rpm_limit: nullish(count),
  metadata: nullish(record),
  tags: nullish(names),
  blocked: nullish(z.boolean()),
  members_with_roles: nullish(z.array(member)),
});

export type TeamSettings = z.infer<typeof teamSettings>;

/** The body's team fields, checked; a bad field is a 400 naming it. */
export function readTeamSettings(body: Record<string, unknown>): TeamSettings {
  return parseBody(teamSettings, body);
}

/** The team columns the settings set (only those present in the body). */
export function teamColumns(settings: TeamSettings, now: Date): TeamChanges {
  const columns: TeamChanges = budgetColumns(settings, now) as TeamChanges;
  if (settings.team_alias !== undefined) columns.team_alias = settings.team_alias;
  if (settings.organization_id !== undefined) columns.organization_id = settings.organization_id;
  if (settings.blocked != null) columns.blocked = settings.blocked;
  for (const [name, empty] of [
    ['models', []],
    ['metadata', {}],
    ['tags', []],
  ] as const) {
    const value = jsonColumn(settings[name], empty);
    if (value !== undefined) columns[name] = value;
  }
  return columns;
}

const memberBody = z.looseObject({
  team_id: z.string().check(z.minLength(1)),
  member: z.union([member, z.array(member).check(z.minLength(1))]),
});

/** `/team/member_add`'s body: the team and one member or several (role `user` unless given). */
export function readMemberAdd(body: Record<string, unknown>): { teamId: string; members: TeamMember[] } {
  const parsed = parseBody(memberBody, body);
  const members = Array.isArray(parsed.member) ? parsed.member : [parsed.member];
  return { teamId: parsed.team_id, members: membersOf(members) };
}

/** Members with LiteLLM's default role (`user`); a user named twice keeps the last role. */
export function membersOf(members: readonly { user_id: string; role?: 'admin' | 'user' | undefined }[]): TeamMember[] {
  const byUser = new Map<string, TeamMember>();
  for (const item of members) byUser.set(item.user_id, { user_id: item.user_id, role: item.role ?? 'user' });
  return [...byUser.values()];
}
