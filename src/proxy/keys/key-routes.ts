import { BadRequestError, NotFoundError, PermissionDeniedError, ServiceUnavailableError } from '../../errors/index.js';
import type { KeyRow } from '../../store/keys/key-store.js';
import { TeamStore } from '../../store/teams/team-store.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { keyColumns, readKeySettings } from './key-fields.js';
import { hashKey, keyName, newVirtualKey } from './key-material.js';
import type { KeyService } from './key-service.js';

/** `POST /key/generate`: a new virtual key, shown in clear once (`key`); stored by its hash (`token`). */
export async function generateKeyHandler(context: RequestContext): Promise<GatewayResponse> {
  const body = readJsonBody(context.request);
  const settings = readKeySettings(body);
  // A team admin may make keys for its own team (for itself); anything else needs the proxy admin.
  const keys = context.caller.admin ? await keyService(context) : await teamAdminKeys(context, settings);
  await requireTeam(keys, settings.team_id);
  const key = typeof body.key === 'string' ? customKey(body.key) : newVirtualKey();
  const now = new Date();
  const row = await keys.store.insert({
    ...keyColumns(settings, now),
    token: hashKey(key),
    key_name: keyName(key),
    created_by: actor(context),
    updated_by: actor(context),
  } as Parameters<KeyService['store']['insert']>[0]);
  keys.cache.set(row.token, row);
  return jsonResponse(200, { ...keyInfo(row), key, token_id: row.token });
}

/** `POST /key/update`: changes the settings named in the body. */
export async function updateKeyHandler(context: RequestContext): Promise<GatewayResponse> {
  const keys = await requireAdmin(context);
  const body = readJsonBody(context.request);
  const token = tokenOf(body.key, 'key');
  const settings = readKeySettings(body);
  await requireTeam(keys, settings.team_id);
  const changes = keyColumns(settings, new Date());
  changes.updated_by = actor(context);
  const row = await keys.store.update(token, changes);
  if (!row) throw keyNotFound();
  keys.cache.set(token, row);
  return jsonResponse(200, { key: token, ...keyInfo(row) });
}

/** `POST /key/delete`: by `keys` (clear keys or their hashes) or `key_aliases`. */
export async function deleteKeyHandler(context: RequestContext): Promise<GatewayResponse> {
  const keys = await requireAdmin(context);
  const body = readJsonBody(context.request);
  const tokens = listOf(body.keys, 'keys').map((key) => tokenOf(key, 'keys'));
  const aliases = listOf(body.key_aliases, 'key_aliases');
  if (tokens.length === 0 && aliases.length === 0) {
    throw new BadRequestError({
      message: 'keys or key_aliases is required',
      param: 'keys',
      code: 'missing_required_parameter',
    });
  }
  const deleted = await keys.store.delete({ tokens, aliases });
  if (deleted.length === 0) throw keyNotFound();
  for (const token of deleted) keys.cache.set(token, undefined);
  return jsonResponse(200, { deleted_keys: deleted });
}

/** `GET /key/info`: `?key=` for admins; without it, the caller's own key. Someone else's key is a 403. */
export async function keyInfoHandler(context: RequestContext): Promise<GatewayResponse> {
  const keys = await keyService(context);
  const asked = new URLSearchParams(context.request.query).get('key') ?? undefined;
  const own = context.caller.keyHash;
  const token = asked === undefined ? own : tokenOf(asked, 'key');
  if (token === undefined) {
    throw new BadRequestError({
      message: 'key is required (the master key has no key info)',
      param: 'key',
      code: 'missing_required_parameter',
    });
  }
  if (!context.caller.admin && token !== own) {
    throw new PermissionDeniedError({ message: 'A key can only read its own info', code: 'admin_only' });
  }
  const row = await keys.store.findByToken(token);
  if (!row) throw keyNotFound();
  return jsonResponse(200, { key: asked ?? token, info: keyInfo(row) });
}

/** `GET /key/list`: `{ keys, total_count, current_page, total_pages }`, hashes only (`return_full_object=true`: the rows). */
export async function listKeysHandler(context: RequestContext): Promise<GatewayResponse> {
  const keys = await requireAdmin(context);
  const query = new URLSearchParams(context.request.query);
  const page = positiveInteger(query.get('page'), 1, 'page');
  const size = Math.min(positiveInteger(query.get('size'), 10, 'size'), 100);
  const { rows, total } = await keys.store.list({
    page,
    size,
    userId: query.get('user_id') ?? undefined,
    teamId: query.get('team_id') ?? undefined,
    alias: query.get('key_alias') ?? undefined,
  });
  const full = query.get('return_full_object') === 'true';
  return jsonResponse(200, {
    keys: full ? rows.map(keyInfo) : rows.map((row) => row.token),
    total_count: total,
    current_page: page,
    total_pages: Math.ceil(total / size),
  });
}

/** `POST /key/regenerate` (or `/key/{key}/regenerate`): a new key with the same settings; the old one is refused at once. */
export async function regenerateKeyHandler(context: RequestContext): Promise<GatewayResponse> {
  const keys = await requireAdmin(context);
  const body = context.request.body?.length ? readJsonBody(context.request) : {};
  const token = tokenOf(context.params.key ?? body.key, 'key');
  const key = newVirtualKey();
  const row = await keys.store.replaceToken(token, { token: hashKey(key), key_name: keyName(key) });
  if (!row) throw keyNotFound();
  keys.cache.set(token, undefined);
  keys.cache.set(row.token, row);
  return jsonResponse(200, { ...keyInfo(row), key, token_id: row.token });
}

/** `POST /key/block` and `/key/unblock`. */
export function blockKeyHandler(blocked: boolean) {
  return async (context: RequestContext): Promise<GatewayResponse> => {
    const keys = await requireAdmin(context);
    const token = tokenOf(readJsonBody(context.request).key, 'key');
    const row = await keys.store.update(token, { blocked, updated_by: actor(context) });
    if (!row) throw keyNotFound();
    keys.cache.set(token, row);
    return jsonResponse(200, { key: token, ...keyInfo(row) });
  };
}

/** `POST /key/health`: whether the calling key is usable (it got here, so it is), as LiteLLM answers. */
export function keyHealthHandler(context: RequestContext): GatewayResponse {
  if (context.caller.keyHash === undefined && !context.caller.admin) {
    throw new PermissionDeniedError({ message: 'key health needs a key', code: 'admin_only' });
  }
  return jsonResponse(200, { key: 'healthy', logging_callbacks: null });
}

/** A key's row as the management API shows it: never the key, its hash as `token`. */
function keyInfo(row: KeyRow): Record<string, unknown> {
  return { ...row, expires: row.expires?.toISOString() ?? null };
}

/** The keys, the database opened if it was not yet; a 503 when it cannot be. */
export async function keyService(context: RequestContext): Promise<KeyService> {
  const keys = context.state.keys;
  if (!keys) {
    throw new ServiceUnavailableError({
      message: 'Virtual keys need a master key (general_settings.master_key or LITELLM_MASTER_KEY)',
      code: 'database_unavailable',
    });
  }
  try {
    return await keys.open();
  } catch (error) {
    context.state.log.log('error', 'the key database could not be opened', { error: String(error) });
    throw new ServiceUnavailableError({
      message: 'The key database could not be opened; see the gateway log',
      code: 'database_unavailable',
      cause: error,
    });
  }
}

function requireAdmin(context: RequestContext): Promise<KeyService> {
  if (!context.caller.admin) {
    throw new PermissionDeniedError({
      message: 'Only the proxy admin (master key) may call this route',
      code: 'admin_only',
    });
  }
  return keyService(context);
}

/** Who made a change, for `created_by` / `updated_by`: the admin, or the key's user. */
function actor(context: RequestContext): string {
  return context.caller.admin ? 'proxy_admin' : (context.caller.userId ?? context.caller.keyHash ?? 'unknown');
}

/** A key as given (`sk-…`) becomes its hash; a 64-hex value already is one. */
export function tokenOf(value: unknown, param: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new BadRequestError({ message: `${param} is required`, param, code: 'missing_required_parameter' });
  }
  return value.startsWith('sk-') ? hashKey(value) : value;
}

function customKey(key: string): string {
  if (!key.startsWith('sk-') || key.length < 20) {
    throw new BadRequestError({
      message: "a custom key must start with 'sk-' and be at least 20 characters",
      param: 'key',
      code: 'invalid_value',
    });
  }
  return key;
}

function listOf(value: unknown, param: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new BadRequestError({ message: `${param} must be a list of strings`, param, code: 'invalid_type' });
  }
  return value as string[];
}

function positiveInteger(value: string | null, fallback: number, param: string): number {
  if (value === null) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new BadRequestError({ message: `${param} must be a positive integer`, param, code: 'invalid_value' });
  }
  return number;
}

/**
 * The keys, for a team admin making a key for its own team: `team_id` must be a team the caller's
 * user is an `admin` of, and `user_id` absent or the caller's own.
 */
async function teamAdminKeys(
  context: RequestContext,
  settings: { team_id?: string | null | undefined; user_id?: string | null | undefined },
): Promise<KeyService> {
  const refused = () =>
    new PermissionDeniedError({
      message: 'Only the proxy admin, or an admin of the team for its own keys, may generate keys',
      code: 'admin_only',
    });
  const { userId } = context.caller;
  if (!settings.team_id || userId === undefined) throw refused();
  if (settings.user_id != null && settings.user_id !== userId) throw refused();
  const keys = await keyService(context);
  const role = await new TeamStore(keys.store.db).roleOf(settings.team_id, userId);
  if (role !== 'admin') throw refused();
  return keys;
}

/** A key may only name a team that exists (404 `team_not_found`). */
async function requireTeam(keys: KeyService, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const [missing] = await new TeamStore(keys.store.db).missing([teamId]);
  if (missing !== undefined) {
    throw new NotFoundError({ message: `Team not found: ${missing}`, param: 'team_id', code: 'team_not_found' });
  }
}

function keyNotFound(): NotFoundError {
  return new NotFoundError({ message: 'Key not found', code: 'key_not_found' });
}
