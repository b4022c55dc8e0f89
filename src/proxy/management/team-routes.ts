import { randomUUID } from 'node:crypto';
import { BadRequestError, NotFoundError } from '../../errors/index.js';
import type { NewTeamRow, TeamMemberRow, TeamRow } from '../../store/teams/team-store.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { teamAdminAccess } from './team-access.js';
import { membersOf, readMemberAdd, readTeamSettings, teamColumns } from './team-fields.js';
import {
  actor,
  adminOnly,
  adminStores,
  forgetKeys,
  keyInfo,
  query,
  requiredList,
  requiredString,
  teamNotFound,
  type UserTeamStores,
} from './user-team-helpers.js';

/** `POST /team/new`: the team and its `members_with_roles` (unknown users are created as `internal_user`). */
export async function newTeamHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const settings = readTeamSettings(readJsonBody(context.request));
  const teamId = settings.team_id ?? randomUUID();
  if (await stores.teams.find(teamId)) {
    throw new BadRequestError({ message: `Team already exists: ${teamId}`, param: 'team_id', code: 'invalid_value' });
  }
  await checkOrganization(stores, settings.organization_id);
  const members = membersOf(settings.members_with_roles ?? []);
  const who = actor(context);
  await stores.users.ensure(
    members.map((member) => member.user_id),
    who,
  );
  const team = await stores.teams.insert(
    { ...teamColumns(settings, new Date()), team_id: teamId, created_by: who, updated_by: who } as NewTeamRow,
    members,
  );
  return jsonResponse(200, await teamWithMembers(stores, team));
}

/** `POST /team/update` (proxy admin or team admin): changes the fields named in the body. */
export async function updateTeamHandler(context: RequestContext): Promise<GatewayResponse> {
  const body = readJsonBody(context.request);
  const teamId = requiredString(body.team_id, 'team_id');
  const settings = readTeamSettings(body);
  const { stores } = await teamAdminAccess(context, teamId);
  if (!context.caller.admin && (settings.blocked != null || settings.organization_id !== undefined)) {
    // A team admin must not unblock its own team or move it to another organisation.
    throw adminOnly('Only the proxy admin may change blocked or organization_id');
  }
  await checkOrganization(stores, settings.organization_id);
  const changes = teamColumns(settings, new Date());
  changes.updated_by = actor(context);
  const team = await stores.teams.update(teamId, changes);
  if (!team) throw teamNotFound(teamId);
  stores.keys.teams.set(teamId, team);
  return jsonResponse(200, { team_id: teamId, data: await teamWithMembers(stores, team) });
}

/** `POST /team/delete` (`{ team_ids }`): the teams, their memberships and their keys (refused at once). */
export async function deleteTeamHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const teamIds = requiredList(readJsonBody(context.request).team_ids, 'team_ids');
  const [missing] = await stores.teams.missing(teamIds);
  if (missing !== undefined) throw teamNotFound(missing);
  const deleted = await stores.teams.delete(teamIds);
  forgetKeys(stores.keys, deleted.tokens);
  for (const teamId of deleted.teamIds) stores.keys.teams.set(teamId, undefined);
  return jsonResponse(200, { deleted_teams: deleted.teamIds, deleted_keys: deleted.tokens });
}

/** `GET /team/info?team_id=` (proxy admin or team admin): `{ team_id, team_info, keys, team_memberships }`. */
export async function teamInfoHandler(context: RequestContext): Promise<GatewayResponse> {
  const teamId = requiredString(query(context).get('team_id') ?? undefined, 'team_id');
  const { stores, team } = await teamAdminAccess(context, teamId);
  const [members, keys] = await Promise.all([stores.teams.members([teamId]), stores.teams.keysOf(teamId)]);
  return jsonResponse(200, {
    team_id: teamId,
    team_info: withMembers(team, members),
    keys: keys.map(keyInfo),
    team_memberships: members,
  });
}

/** `GET /team/list`: every team with its `members_with_roles`; `?user_id=`, `?organization_id=` filter. */
export async function listTeamsHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const params = query(context);
  const teams = await stores.teams.list({
    userId: params.get('user_id') ?? undefined,
    organizationId: params.get('organization_id') ?? undefined,
  });
  const members = await stores.teams.members(teams.map((team) => team.team_id));
  return jsonResponse(
    200,
    teams.map((team) =>
      withMembers(
        team,
        members.filter((member) => member.team_id === team.team_id),
      ),
    ),
  );
}

/**
 * `POST /team/member_add` (proxy admin or team admin): `{ team_id, member }`, one member or a list;
 * unknown users are created. Answers the team with `updated_users` and `updated_team_memberships`.
 */
export async function addTeamMemberHandler(context: RequestContext): Promise<GatewayResponse> {
  const { teamId, members } = readMemberAdd(readJsonBody(context.request));
  const { stores, team } = await teamAdminAccess(context, teamId);
  const userIds = members.map((member) => member.user_id);
  await stores.users.ensure(userIds, actor(context));
  const memberships = await stores.teams.addMembers(teamId, members);
  const users = await Promise.all(userIds.map((userId) => stores.users.find(userId)));
  return jsonResponse(200, {
    ...(await teamWithMembers(stores, team)),
    updated_users: users.filter((user) => user !== undefined),
    updated_team_memberships: memberships,
  });
}

/** `POST /team/member_delete` (proxy admin or team admin): `{ team_id, user_id }`. */
export async function deleteTeamMemberHandler(context: RequestContext): Promise<GatewayResponse> {
  const body = readJsonBody(context.request);
  const teamId = requiredString(body.team_id, 'team_id');
  const userId = requiredString(body.user_id, 'user_id');
  const { stores, team } = await teamAdminAccess(context, teamId);
  const removed = await stores.teams.removeMembers(teamId, [userId]);
  if (removed.length === 0) {
    throw new NotFoundError({
      message: `User ${userId} is not a member of team ${teamId}`,
      param: 'user_id',
      code: 'user_not_found',
    });
  }
  return jsonResponse(200, await teamWithMembers(stores, team));
}

/** `POST /team/block` and `/team/unblock` (`{ team_id }`, proxy admin only). */
export function blockTeamHandler(blocked: boolean) {
  return async (context: RequestContext): Promise<GatewayResponse> => {
    const stores = await adminStores(context);
    const teamId = requiredString(readJsonBody(context.request).team_id, 'team_id');
    const team = await stores.teams.update(teamId, { blocked, updated_by: actor(context) });
    if (!team) throw teamNotFound(teamId);
    // Seen by this instance's next request; by the others within the cache's second.
    stores.keys.teams.set(teamId, team);
    return jsonResponse(200, await teamWithMembers(stores, team));
  };
}

async function teamWithMembers(stores: UserTeamStores, team: TeamRow): Promise<Record<string, unknown>> {
  return withMembers(team, await stores.teams.members([team.team_id]));
}

/** The team as LiteLLM shows it: its row and `members_with_roles`. */
function withMembers(team: TeamRow, members: readonly TeamMemberRow[]): Record<string, unknown> {
  return {
    ...team,
    members_with_roles: members.map((member) => ({ user_id: member.user_id, role: member.role })),
  };
}

async function checkOrganization(stores: UserTeamStores, organizationId: string | null | undefined): Promise<void> {
  if (organizationId == null || (await stores.teams.organizationExists(organizationId))) return;
  throw new BadRequestError({
    message: `Organization not found: ${organizationId}`,
    param: 'organization_id',
    code: 'invalid_value',
  });
}
