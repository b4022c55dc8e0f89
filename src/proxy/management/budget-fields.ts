import * as z from 'zod';
import { BadRequestError } from '../../errors/index.js';
import { durationEnd } from '../keys/duration.js';
import { requestError } from '../validation/validate-request.js';

export const money = z.number().check(z.gte(0));
export const count = z.number().check(z.refine(Number.isInteger, { error: 'expected an integer' }), z.gte(0));
export const nullish = <T extends z.ZodType>(schema: T) => z.optional(z.nullable(schema));
export const record = z.record(z.string(), z.unknown());
export const identifier = z.string().check(z.minLength(1), z.maxLength(256));

/** LiteLLM's budget fields, shared by `/budget/*`, `/organization/*` and `/customer/*` (LiteLLM's names). */
export const budgetFields = {
  max_budget: nullish(money),
  soft_budget: nullish(money),
  max_parallel_requests: nullish(count),
  tpm_limit: nullish(count),
  rpm_limit: nullish(count),
  budget_duration: nullish(z.string()),
};

export interface BudgetSettings {
  max_budget?: number | null | undefined;
  soft_budget?: number | null | undefined;
  max_parallel_requests?: number | null | undefined;
  tpm_limit?: number | null | undefined;
  rpm_limit?: number | null | undefined;
  budget_duration?: string | null | undefined;
}

export interface BudgetColumnValues {
  max_budget?: number | null;
  soft_budget?: number | null;
  max_parallel_requests?: number | null;
  tpm_limit?: number | null;
  rpm_limit?: number | null;
  budget_duration?: string | null;
  budget_reset_at?: Date | null;
}

const NUMBERS = ['max_budget', 'soft_budget', 'max_parallel_requests', 'tpm_limit', 'rpm_limit'] as const;

/** The budget columns the body sets (only those present), `budget_reset_at` from `budget_duration`. */
export function budgetColumns(settings: BudgetSettings, now: Date): BudgetColumnValues {
  const columns: BudgetColumnValues = {};
  for (const name of NUMBERS) {
    const value = settings[name];
    if (value !== undefined) columns[name] = value;
  }
  if (settings.budget_duration !== undefined) {
    columns.budget_duration = settings.budget_duration;
    columns.budget_reset_at =
      settings.budget_duration === null ? null : durationEnd(settings.budget_duration, now, 'budget_duration');
  }
  return columns;
}

/** The body checked against a schema; the first bad field is a 400 naming it. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body, { reportInput: true });
  const issue = result.success ? undefined : result.error.issues[0];
  if (issue) throw requestError(issue);
  return result.data as z.infer<T>;
}

/** A required, non-empty list of ids (`organization_ids`, `user_ids`, `budgets`). */
export function idList(value: unknown, param: string): string[] {
  if (value === undefined || value === null) {
    throw new BadRequestError({ message: `${param} is required`, param, code: 'missing_required_parameter' });
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new BadRequestError({ message: `${param} must be a list of ids`, param, code: 'invalid_type' });
  }
  if (value.length === 0) {
    throw new BadRequestError({ message: `${param} must not be empty`, param, code: 'empty_array' });
  }
  return [...new Set(value as string[])];
}

/** A required id in the query string (`?organization_id=`). */
export function queryId(query: string | undefined, param: string): string {
  const value = new URLSearchParams(query).get(param);
  if (!value) {
    throw new BadRequestError({ message: `${param} is required`, param, code: 'missing_required_parameter' });
  }
  return value;
}
