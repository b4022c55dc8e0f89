import * as z from 'zod';
import type { UserChanges } from '../../store/users/user-store.js';
import { budgetColumns, count, jsonColumn, money, names, nullish, parseBody, record } from './user-team-helpers.js';

/** LiteLLM's user roles. */
export const USER_ROLES = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const;

/** The fields `/user/new` and `/user/update` take (LiteLLM's names); other fields are ignored. */
const userSettings = z.looseObject({
  user_id: nullish(z.string().check(z.minLength(1), z.maxLength(256))),
  user_email: nullish(z.string()),
  user_alias: nullish(z.string()),
  user_role: nullish(z.enum(USER_ROLES)),
  models: nullish(names),
  max_budget: nullish(money),
  budget_duration: nullish(z.string()),
  tpm_limit: nullish(count),
  rpm_limit: nullish(count),
  metadata: nullish(record),
  teams: nullish(names),
  // The key `/user/new` creates with the user.
  key_alias: nullish(z.string().check(z.minLength(1), z.maxLength(256))),
  duration: nullish(z.string()),
});

export type UserSettings = z.infer<typeof userSettings>;

/** The body's user fields, checked; a bad field is a 400 naming it. */
export function readUserSettings(body: Record<string, unknown>): UserSettings {
  return parseBody(userSettings, body);
}

/** The user columns the settings set (only those present in the body). */
export function userColumns(settings: UserSettings, now: Date): UserChanges {
  const columns: UserChanges = budgetColumns(settings, now) as UserChanges;
  if (settings.user_email !== undefined) columns.user_email = settings.user_email;
  if (settings.user_alias !== undefined) columns.user_alias = settings.user_alias;
  if (settings.user_role != null) columns.user_role = settings.user_role;
  const models = jsonColumn(settings.models, []);
  if (models !== undefined) columns.models = models;
  const metadata = jsonColumn(settings.metadata, {});
  if (metadata !== undefined) columns.metadata = metadata;
  return columns;
}
