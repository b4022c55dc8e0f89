import type { Insertable } from 'kysely';
import type { SpendLogTable } from '../db/schema.js';

/** A spend-log row as the request path hands it to the writer. */
export type SpendLogRow = Insertable<SpendLogTable>;

/** The spend to add to one entity's running total; `ids` are the values of the table's key columns. */
export interface SpendDelta {
  ids: string[];
  spend: number;
}

/** One row of `llmux_daily_spend` worth of increments. */
export interface DailySpendDelta {
  day: string;
  entity_type: DailyEntityType;
  entity_id: string;
  model_group: string;
  requests: number;
  successful_requests: number;
  failed_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  spend: number;
}

export type DailyEntityType = 'key' | 'user' | 'team' | 'organization' | 'end_user';

/** What one batch adds: per table of totals, and per day, entity and model group. */
export interface SpendTotals {
  keys: SpendDelta[];
  users: SpendDelta[];
  teams: SpendDelta[];
  organizations: SpendDelta[];
  endUsers: SpendDelta[];
  teamMembers: SpendDelta[];
  daily: DailySpendDelta[];
}

/** A row the database inserted, with the UTC day of its `start_time` as the database stored it. */
export interface InsertedSpendRow {
  row: SpendLogRow;
  day: string;
}

/**
 * Sums a batch's inserted rows per entity, sorted by id so that concurrent writers lock rows in
 * the same order. Empty ids (the master key's `api_key`) and absent ones are skipped.
 *
 * @example
 * spendTotals([{ row, day: '2026-12-07' }]).keys // [{ ids: [row.api_key], spend: row.spend }]
 */
export function spendTotals(inserted: readonly InsertedSpendRow[]): SpendTotals {
  const keys = new Map<string, SpendDelta>();
  const users = new Map<string, SpendDelta>();
  const teams = new Map<string, SpendDelta>();
  const organizations = new Map<string, SpendDelta>();
  const endUsers = new Map<string, SpendDelta>();
  const teamMembers = new Map<string, SpendDelta>();
  const daily = new Map<string, DailySpendDelta>();
  for (const { row, day } of inserted) {
    const spend = row.spend ?? 0;
    const owners: [DailyEntityType, Map<string, SpendDelta>, string | null | undefined][] = [
      ['key', keys, row.api_key],
      ['user', users, row.user_id],
      ['team', teams, row.team_id],
      ['organization', organizations, row.organization_id],
      ['end_user', endUsers, row.end_user],
    ];
    for (const [entityType, totals, id] of owners) {
      if (!id) continue;
      addSpend(totals, [id], spend);
      addDaily(daily, { day, entityType, entityId: id, row, spend });
    }
    if (row.team_id && row.user_id) addSpend(teamMembers, [row.team_id, row.user_id], spend);
  }
  return {
    keys: sorted(keys),
    users: sorted(users),
    teams: sorted(teams),
    organizations: sorted(organizations),
    endUsers: sorted(endUsers),
    teamMembers: sorted(teamMembers),
    daily: [...daily.entries()].sort(([left], [right]) => compare(left, right)).map(([, delta]) => delta),
  };
}

function addSpend(totals: Map<string, SpendDelta>, ids: string[], spend: number): void {
  const key = ids.join('\u0000');
  const current = totals.get(key);
  if (current) current.spend += spend;
  else totals.set(key, { ids, spend });
}

function addDaily(
  daily: Map<string, DailySpendDelta>,
  entry: { day: string; entityType: DailyEntityType; entityId: string; row: SpendLogRow; spend: number },
): void {
  const { day, entityType, entityId, row, spend } = entry;
  const modelGroup = row.model_group ?? row.model;
  const key = [day, entityType, entityId, modelGroup].join('\u0000');
  let delta = daily.get(key);
  if (!delta) {
    delta = {
      day,
      entity_type: entityType,
      entity_id: entityId,
      model_group: modelGroup,
      requests: 0,
      successful_requests: 0,
      failed_requests: 0,
      prompt_tokens: 0,
      completion_tokens: 0,
      spend: 0,
    };
    daily.set(key, delta);
  }
  delta.requests += 1;
  if (row.status === 'success') delta.successful_requests += 1;
  else delta.failed_requests += 1;
  delta.prompt_tokens += row.prompt_tokens ?? 0;
  delta.completion_tokens += row.completion_tokens ?? 0;
  delta.spend += spend;
}

function sorted(totals: Map<string, SpendDelta>): SpendDelta[] {
  return [...totals.entries()].sort(([left], [right]) => compare(left, right)).map(([, delta]) => delta);
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
