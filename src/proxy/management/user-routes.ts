import { randomUUID } from 'node:crypto';
import { BadRequestError } from '../../errors/index.js';
import type { NewUserRow } from '../../store/users/user-store.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import { durationEnd } from '../keys/duration.js';
import { hashKey, keyName, newVirtualKey } from '../keys/key-material.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { readUserSettings, userColumns } from './user-fields.js';
import {
  actor,
  adminOnly,
  adminStores,
  forgetKeys,
  keyInfo,
  positiveInteger,
  query,
  requiredList,
  requiredString,
  teamNotFound,
  userNotFound,
  userTeamStores,
} from './user-team-helpers.js';

/**
 * `POST /user/new`: the user and, as LiteLLM does, a key for it, shown in clear once (`key`). `teams`
 * joins existing teams as `user`; `user_id` is a new uuid when absent.
 */
export async function newUserHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const settings = readUserSettings(readJsonBody(context.request));
  const userId = settings.user_id ?? randomUUID();
  if (await stores.users.find(userId)) {
    throw new BadRequestError({ message: `User already exists: ${userId}`, param: 'user_id', code: 'invalid_value' });
  }
  const teams = settings.teams ?? [];
  const [missingTeam] = await stores.teams.missing(teams);
  if (missingTeam !== undefined) throw teamNotFound(missingTeam);
  const now = new Date();
  const who = actor(context);
  const user = await stores.users.insert({
    ...userColumns(settings, now),
    user_id: userId,
    created_by: who,
    updated_by: who,
  } as NewUserRow);
  for (const teamId of teams) await stores.teams.addMembers(teamId, [{ user_id: userId, role: 'user' }]);
  const key = newVirtualKey();
  const keyRow = await stores.keys.store.insert({
    token: hashKey(key),
    key_name: keyName(key),
    key_alias: settings.key_alias ?? null,
    user_id: userId,
    models: JSON.stringify(settings.models ?? []),
    expires: settings.duration ? durationEnd(settings.duration, now) : null,
    created_by: who,
    updated_by: who,
  });
  stores.keys.cache.set(keyRow.token, keyRow);
  return jsonResponse(200, {
    ...user,
    teams,
    key,
    token: keyRow.token,
    key_name: keyRow.key_name,
    key_alias: keyRow.key_alias,
    expires: keyRow.expires?.toISOString() ?? null,
  });
}

/**
 * `GET /user/info`: `?user_id=` for admins; without it, the caller's own user. Another user's info is
 * a 403; an unknown user a 404. Answers `{ user_id, user_info, keys, teams }`.
 */
export async function userInfoHandler(context: RequestContext): Promise<GatewayResponse> {
  const asked = query(context).get('user_id') ?? undefined;
  const own = context.caller.userId;
  const userId = asked ?? own;
  if (userId === undefined) {
    throw new BadRequestError({
      message: context.caller.admin ? 'user_id is required' : 'This key belongs to no user; user_id is required',
      param: 'user_id',
      code: 'missing_required_parameter',
    });
  }
  if (!context.caller.admin && userId !== own) throw adminOnly('A key can only read its own user');
  const stores = await userTeamStores(context);
  const user = await stores.users.find(userId);
  if (!user) throw userNotFound(userId);
  const [keys, teams] = await Promise.all([stores.users.keysOf(userId), stores.teams.list({ userId })]);
  return jsonResponse(200, { user_id: userId, user_info: user, keys: keys.map(keyInfo), teams });
}

/** `POST /user/update`: changes the fields named in the body. Answers `{ user_id, data }`. */
export async function updateUserHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const body = readJsonBody(context.request);
  const userId = requiredString(body.user_id, 'user_id');
  const changes = userColumns(readUserSettings(body), new Date());
  changes.updated_by = actor(context);
  const user = await stores.users.update(userId, changes);
  if (!user) throw userNotFound(userId);
  stores.keys.users.set(userId, user);
  return jsonResponse(200, { user_id: userId, data: user });
}

/** `POST /user/delete` (`{ user_ids }`): the users, their keys (refused at once) and memberships. */
export async function deleteUserHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const userIds = requiredList(readJsonBody(context.request).user_ids, 'user_ids');
  const deleted = await stores.users.delete(userIds);
  forgetKeys(stores.keys, deleted.tokens);
  for (const userId of deleted.userIds) stores.keys.users.set(userId, undefined);
  if (deleted.userIds.length === 0) throw userNotFound(userIds.join(', '));
  return jsonResponse(200, { deleted_users: deleted.userIds, deleted_keys: deleted.tokens });
}

/** `GET /user/list`: `{ users, total, page, page_size, total_pages }`; `?role=` filters. */
export async function listUsersHandler(context: RequestContext): Promise<GatewayResponse> {
  const stores = await adminStores(context);
  const params = query(context);
  const page = positiveInteger(params.get('page'), 1, 'page');
  const pageSize = Math.min(positiveInteger(params.get('page_size'), 25, 'page_size'), 100);
  const { rows, total } = await stores.users.list({
    page,
    size: pageSize,
    role: params.get('role') ?? undefined,
  });
  return jsonResponse(200, {
    users: rows,
    total,
    page,
    page_size: pageSize,
    total_pages: Math.ceil(total / pageSize),
  });
}
