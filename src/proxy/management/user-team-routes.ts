import type { ManagementRoute } from './management-route.js';
import {
  addTeamMemberHandler,
  blockTeamHandler,
  deleteTeamHandler,
  deleteTeamMemberHandler,
  listTeamsHandler,
  newTeamHandler,
  teamInfoHandler,
  updateTeamHandler,
} from './team-routes.js';
import {
  deleteUserHandler,
  listUsersHandler,
  newUserHandler,
  updateUserHandler,
  userInfoHandler,
} from './user-routes.js';

/** `/user/*` and `/team/*`. */
export const USER_TEAM_ROUTES: readonly ManagementRoute[] = [
  { method: 'POST', path: '/user/new', handler: newUserHandler },
  { method: 'GET', path: '/user/info', handler: userInfoHandler },
  { method: 'POST', path: '/user/update', handler: updateUserHandler },
  { method: 'POST', path: '/user/delete', handler: deleteUserHandler },
  { method: 'GET', path: '/user/list', handler: listUsersHandler },
  { method: 'POST', path: '/team/new', handler: newTeamHandler },
  { method: 'POST', path: '/team/update', handler: updateTeamHandler },
  { method: 'POST', path: '/team/delete', handler: deleteTeamHandler },
  { method: 'GET', path: '/team/info', handler: teamInfoHandler },
  { method: 'GET', path: '/team/list', handler: listTeamsHandler },
  { method: 'POST', path: '/team/member_add', handler: addTeamMemberHandler },
  { method: 'POST', path: '/team/member_delete', handler: deleteTeamMemberHandler },
  { method: 'POST', path: '/team/block', handler: blockTeamHandler(true) },
  { method: 'POST', path: '/team/unblock', handler: blockTeamHandler(false) },
];
