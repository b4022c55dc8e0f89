import * as z from 'zod';
import type { KeyChanges } from '../../store/keys/key-store.js';
import { requestError } from '../validation/validate-request.js';
import { durationEnd } from './duration.js';

const money = z.number().check(z.gte(0));
const count = z.number().check(z.refine(Number.isInteger, { error: 'expected an integer' }), z.gte(0));
const nullish = <T extends z.ZodType>(schema: T) => z.optional(z.nullable(schema));
const names = z.array(z.string());
const record = z.record(z.string(), z.unknown());

/** The settings `/key/generate` and `/key/update` take (LiteLLM's names); other fields are ignored. */
const keySettings = z.looseObject({
  key_alias: nullish(z.string().check(z.minLength(1), z.maxLength(256))),
  duration: nullish(z.string()),
  models: nullish(names),
  aliases: nullish(z.record(z.string(), z.string())),
  max_budget: nullish(money),
  soft_budget: nullish(money),
  budget_duration: nullish(z.string()),
  tpm_limit: nullish(count),
  rpm_limit: nullish(count),
  max_parallel_requests: nullish(count),
  model_max_budget: nullish(record),
  model_rpm_limit: nullish(z.record(z.string(), count)),
  model_tpm_limit: nullish(z.record(z.string(), count)),
  metadata: nullish(record),
  tags: nullish(names),
  team_id: nullish(z.string()),
  user_id: nullish(z.string()),
  organization_id: nullish(z.string()),
  permissions: nullish(record),
  guardrails: nullish(names),
  blocked: nullish(z.boolean()),
});

export type KeySettings = z.infer<typeof keySettings>;

/** The body's key settings, checked; a bad field is a 400 naming it. */
export function readKeySettings(body: Record<string, unknown>): KeySettings {
  const result = keySettings.safeParse(body, { reportInput: true });
  const issue = result.success ? undefined : result.error.issues[0];
  if (issue) throw requestError(issue);
  return result.data as KeySettings;
}

/** The columns the settings set (only those present in the body), with `expires` from `duration`. */
export function keyColumns(settings: KeySettings, now: Date): KeyChanges {
  const columns: KeyChanges = {};
  const json = (value: unknown) => JSON.stringify(value);
  if (settings.key_alias !== undefined) columns.key_alias = settings.key_alias;
  if (settings.duration !== undefined)
    columns.expires = settings.duration === null ? null : durationEnd(settings.duration, now);
  if (settings.models != null) columns.models = json(settings.models);
  if (settings.aliases != null) columns.aliases = json(settings.aliases);
  if (settings.metadata != null) columns.metadata = json(settings.metadata);
  if (settings.tags != null) columns.tags = json(settings.tags);
  if (settings.permissions != null) columns.permissions = json(settings.permissions);
  for (const name of ['model_max_budget', 'model_rpm_limit', 'model_tpm_limit', 'guardrails'] as const) {
    const value = settings[name];
    if (value !== undefined) columns[name] = value === null ? null : json(value);
  }
  for (const name of ['max_budget', 'soft_budget', 'tpm_limit', 'rpm_limit', 'max_parallel_requests'] as const) {
    if (settings[name] !== undefined) columns[name] = settings[name];
  }
  if (settings.budget_duration !== undefined) {
    columns.budget_duration = settings.budget_duration;
    columns.budget_reset_at =
      settings.budget_duration === null ? null : durationEnd(settings.budget_duration, now, 'budget_duration');
  }
  for (const name of ['team_id', 'user_id', 'organization_id'] as const) {
    if (settings[name] !== undefined) columns[name] = settings[name];
  }
  if (settings.blocked != null) columns.blocked = settings.blocked;
  return columns;
}
