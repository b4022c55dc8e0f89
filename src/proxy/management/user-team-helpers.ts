import * as z from 'zod';
import { BadRequestError, NotFoundError, PermissionDeniedError } from '../../errors/index.js';
import type { KeyRow } from '../../store/keys/key-store.js';
import { TeamStore } from '../../store/teams/team-store.js';
import { UserStore } from '../../store/users/user-store.js';
import { durationEnd } from '../keys/duration.js';
import { keyService } from '../keys/key-routes.js';
import type { KeyService } from '../keys/key-service.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { requestError } from '../validation/validate-request.js';

/** The stores the `/user/*` and `/team/*` routes use, on the key database. */
export interface UserTeamStores {
  keys: KeyService;
  users: UserStore;
  teams: TeamStore;
}

/** The stores, the database opened if it was not yet (503 when it cannot be). */
export async function userTeamStores(context: RequestContext): Promise<UserTeamStores> {
  const keys = await keyService(context);
  return { keys, users: new UserStore(keys.store.db), teams: new TeamStore(keys.store.db) };
}

/** The stores, for the proxy admin (master key) only: anyone else is a 403 `admin_only`. */
export function adminStores(context: RequestContext): Promise<UserTeamStores> {
  if (!context.caller.admin) throw adminOnly();
  return userTeamStores(context);
}

export function adminOnly(message = 'Only the proxy admin (master key) may call this route'): PermissionDeniedError {
  return new PermissionDeniedError({ message, code: 'admin_only' });
}

/** Who made a change, for `created_by` / `updated_by`. */
export function actor(context: RequestContext): string {
  return context.caller.admin ? 'proxy_admin' : (context.caller.userId ?? context.caller.keyHash ?? 'unknown');
}

export const money = z.number().check(z.gte(0));
export const count = z.number().check(z.refine(Number.isInteger, { error: 'expected an integer' }), z.gte(0));
export const nullish = <T extends z.ZodType>(schema: T) => z.optional(z.nullable(schema));
export const names = z.array(z.string());
export const record = z.record(z.string(), z.unknown());

/** The body checked against `schema`; the first bad field is a 400 naming it. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body, { reportInput: true });
  const issue = result.success ? undefined : result.error.issues[0];
  if (issue) throw requestError(issue);
  return result.data as z.infer<T>;
}

/** Budget and limit fields shared by users and teams. */
export interface BudgetSettings {
  max_budget?: number | null | undefined;
  budget_duration?: string | null | undefined;
  tpm_limit?: number | null | undefined;
  rpm_limit?: number | null | undefined;
}

/** The budget columns the settings set, with `budget_reset_at` from `budget_duration`. */
export function budgetColumns(settings: BudgetSettings, now: Date): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const name of ['max_budget', 'tpm_limit', 'rpm_limit'] as const) {
    if (settings[name] !== undefined) columns[name] = settings[name];
  }
  if (settings.budget_duration !== undefined) {
    columns.budget_duration = settings.budget_duration;
    columns.budget_reset_at =
      settings.budget_duration === null ? null : durationEnd(settings.budget_duration, now, 'budget_duration');
  }
  return columns;
}

/** A JSON column's value, when the field is present (`null` clears it to the column's default). */
export function jsonColumn(value: unknown, empty: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(value ?? empty);
}

/** A required string field or query parameter. */
export function requiredString(value: unknown, param: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new BadRequestError({ message: `${param} is required`, param, code: 'missing_required_parameter' });
  }
  return value;
}

/** A required non-empty list of strings. */
export function requiredList(value: unknown, param: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new BadRequestError({ message: `${param} must be a non-empty list of ids`, param, code: 'invalid_value' });
  }
  return value as string[];
}

export function positiveInteger(value: string | null, fallback: number, param: string): number {
  if (value === null) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new BadRequestError({ message: `${param} must be a positive integer`, param, code: 'invalid_value' });
  }
  return number;
}

export function query(context: RequestContext): URLSearchParams {
  return new URLSearchParams(context.request.query);
}

export function userNotFound(userId: string): NotFoundError {
  return new NotFoundError({ message: `User not found: ${userId}`, param: 'user_id', code: 'user_not_found' });
}

export function teamNotFound(teamId: string): NotFoundError {
  return new NotFoundError({ message: `Team not found: ${teamId}`, param: 'team_id', code: 'team_not_found' });
}

/** A key's row as the management API shows it: its hash as `token`, never the key. */
export function keyInfo(row: KeyRow): Record<string, unknown> {
  return { ...row, expires: row.expires?.toISOString() ?? null };
}

/** Forgets deleted keys in the key cache, so they are refused at once. */
export function forgetKeys(keys: KeyService, tokens: readonly string[]): void {
  for (const token of tokens) keys.cache.set(token, undefined);
}
