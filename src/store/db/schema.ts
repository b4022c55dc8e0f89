// The database as Kysely sees it: one interface per table, LiteLLM's field names where the
// management API returns them. Migrations (./migrations) create exactly these tables.
import type { ColumnType, JSONColumnType } from 'kysely';

/** A timestamp column: written as a Date or ISO string, read as a Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in on insert. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A money column (USD); `double precision` as LiteLLM's spend columns. */
type Money = ColumnType<number, number | undefined, number>;
/** A jsonb column with a default (`[]` or `{}`): optional on insert, written as JSON text. */
type Json<T extends object> = JSONColumnType<T, string | undefined, string>;
/** A column with a default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Budget fields shared by keys, users, teams, organisations and end users. */
interface BudgetColumns {
  spend: Money;
  max_budget: number | null;
  soft_budget: number | null;
  /** LiteLLM's duration text: "30s", "1h", "30d", "1mo". */
  budget_duration: string | null;
  budget_reset_at: Timestamp | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_parallel_requests: number | null;
}

interface Audit {
  created_at: CreatedAt;
  updated_at: CreatedAt;
  created_by: string | null;
  updated_by: string | null;
}

/** A virtual key. `token` is the sha256 (hex) of the key: the key itself is stored nowhere. */
export interface KeyTable extends BudgetColumns, Audit {
  token: string;
  /** `sk-...abcd`: enough to recognise a key, never to use it. */
  key_name: string;
  key_alias: string | null;
  user_id: string | null;
  team_id: string | null;
  organization_id: string | null;
  models: Json<string[]>;
  aliases: Json<Record<string, string>>;
  model_max_budget: NullableJson<Record<string, unknown>>;
  model_rpm_limit: NullableJson<Record<string, number>>;
  model_tpm_limit: NullableJson<Record<string, number>>;
  metadata: Json<Record<string, unknown>>;
  tags: Json<string[]>;
  permissions: Json<Record<string, unknown>>;
  guardrails: NullableJson<string[]>;
  blocked: ColumnType<boolean, boolean | undefined, boolean>;
  expires: Timestamp | null;
}

export interface UserTable extends BudgetColumns, Audit {
  user_id: string;
  user_email: string | null;
  user_alias: string | null;
  /** `proxy_admin`, `proxy_admin_viewer`, `internal_user`, `internal_user_viewer`. */
  user_role: Defaulted<string>;
  models: Json<string[]>;
  metadata: Json<Record<string, unknown>>;
}

export interface TeamTable extends BudgetColumns, Audit {
  team_id: string;
  team_alias: string | null;
  organization_id: string | null;
  models: Json<string[]>;
  model_aliases: Json<Record<string, string>>;
  metadata: Json<Record<string, unknown>>;
  tags: Json<string[]>;
  blocked: ColumnType<boolean, boolean | undefined, boolean>;
}

/** A user in a team, with the team role LiteLLM knows (`admin` or `user`). */
export interface TeamMemberTable {
  team_id: string;
  user_id: string;
  role: Defaulted<string>;
  spend: Money;
  max_budget_in_team: number | null;
  created_at: CreatedAt;
}

export interface OrganizationTable extends BudgetColumns, Audit {
  organization_id: string;
  organization_alias: string;
  models: Json<string[]>;
  metadata: Json<Record<string, unknown>>;
}

export interface OrganizationMemberTable {
  organization_id: string;
  user_id: string;
  user_role: Defaulted<string>;
  spend: Money;
  created_at: CreatedAt;
}

/** An end user (LiteLLM's customer): the `user` field of a request. */
export interface EndUserTable extends BudgetColumns, Audit {
  user_id: string;
  alias: string | null;
  allowed_model_region: string | null;
  default_model: string | null;
  budget_id: string | null;
  blocked: ColumnType<boolean, boolean | undefined, boolean>;
}

/** A named budget that end users and team members can share (`/budget/*`). */
export interface BudgetTable extends Audit {
  budget_id: string;
  max_budget: number | null;
  soft_budget: number | null;
  max_parallel_requests: number | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  model_max_budget: NullableJson<Record<string, unknown>>;
  budget_duration: string | null;
  budget_reset_at: Timestamp | null;
}

/** A name that stands for several models in a key's, user's or team's `models`. */
export interface AccessGroupTable {
  access_group: string;
  models: Json<string[]>;
  created_at: CreatedAt;
}

/** One row per request, however it ended. Prompts and answers only with `store_prompts_in_spend_logs`. */
export interface SpendLogTable {
  request_id: string;
  call_type: string;
  /** sha256 of the virtual key (empty for the master key). */
  api_key: Defaulted<string>;
  spend: Money;
  prompt_tokens: Defaulted<number>;
  completion_tokens: Defaulted<number>;
  total_tokens: Defaulted<number>;
  cached_tokens: Defaulted<number>;
  reasoning_tokens: Defaulted<number>;
  start_time: Timestamp;
  end_time: Timestamp;
  completion_start_time: Timestamp | null;
  model: string;
  model_group: string | null;
  model_id: string | null;
  custom_llm_provider: string | null;
  api_base: string | null;
  user_id: string | null;
  team_id: string | null;
  organization_id: string | null;
  end_user: string | null;
  status: string;
  http_status: number;
  cache_hit: ColumnType<boolean, boolean | undefined, boolean>;
  request_tags: Json<string[]>;
  metadata: Json<Record<string, unknown>>;
  messages: NullableJson<unknown>;
  response: NullableJson<unknown>;
}

/** Daily totals per entity (`key`, `user`, `team`, `organization`, `end_user`) and model group. */
export interface DailySpendTable {
  day: ColumnType<string, string, string>;
  entity_type: string;
  entity_id: string;
  model_group: string;
  requests: Defaulted<number>;
  successful_requests: Defaulted<number>;
  failed_requests: Defaulted<number>;
  prompt_tokens: Defaulted<number>;
  completion_tokens: Defaulted<number>;
  spend: Money;
}

/** A deployment added at run time (`/model/new`), kept with `store_model_in_db`. */
export interface DeploymentTable extends Audit {
  model_id: string;
  model_name: string;
  litellm_params: Json<Record<string, unknown>>;
  model_info: Json<Record<string, unknown>>;
}

export interface Database {
  llmux_keys: KeyTable;
  llmux_users: UserTable;
  llmux_teams: TeamTable;
  llmux_team_members: TeamMemberTable;
  llmux_organizations: OrganizationTable;
  llmux_organization_members: OrganizationMemberTable;
  llmux_end_users: EndUserTable;
  llmux_budgets: BudgetTable;
  llmux_access_groups: AccessGroupTable;
  llmux_spend_logs: SpendLogTable;
  llmux_daily_spend: DailySpendTable;
  llmux_deployments: DeploymentTable;
}
