import type { TeamRow } from '../../store/teams/team-store.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { adminOnly, teamNotFound, type UserTeamStores, userTeamStores } from './user-team-helpers.js';

/**
 * The stores and the team, for the proxy admin or an `admin` of this team (LiteLLM's team admin, known
 * by the user its key belongs to). Anyone else is a 403, whether the team exists or not: no caller
 * learns about a team that is not theirs. An unknown team is a 404 for the proxy admin.
 */
export async function teamAdminAccess(
  context: RequestContext,
  teamId: string,
): Promise<{ stores: UserTeamStores; team: TeamRow }> {
  const stores = await userTeamStores(context);
  if (!context.caller.admin) {
    const userId = context.caller.userId;
    const role = userId === undefined ? undefined : await stores.teams.roleOf(teamId, userId);
    if (role !== 'admin') throw adminOnly('Only the proxy admin or an admin of this team may call this route');
  }
  const team = await stores.teams.find(teamId);
  if (!team) throw teamNotFound(teamId);
  return { stores, team };
}
