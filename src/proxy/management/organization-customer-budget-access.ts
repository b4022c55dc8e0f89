import type { Kysely } from 'kysely';
import { PermissionDeniedError } from '../../errors/index.js';
import type { Database } from '../../store/db/schema.js';
import { keyService } from '../keys/key-routes.js';
import type { RequestContext } from '../pipeline/request-context.js';

/** The database for a proxy-admin-only management call: a 403 `admin_only` for anyone else. */
export async function adminDatabase(context: RequestContext): Promise<Kysely<Database>> {
  if (!context.caller.admin) {
    throw new PermissionDeniedError({
      message: 'Only the proxy admin (master key) may call this route',
      code: 'admin_only',
    });
  }
  return (await keyService(context)).store.db;
}

/** Who made a change, for `created_by` / `updated_by`. */
export function actorOf(context: RequestContext): string {
  return context.caller.admin ? 'proxy_admin' : (context.caller.userId ?? context.caller.keyHash ?? 'unknown');
}
