import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

// The first schema. Migrations are never edited once released: a change is a new numbered file.

const JSON_ARRAY = sql`'[]'::jsonb`;
const JSON_OBJECT = sql`'{}'::jsonb`;

/** Budget and limit columns shared by keys, users, teams, organisations and end users. */
function withBudget<T extends string>(table: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return table
    .addColumn('spend', 'double precision', (column) => column.notNull().defaultTo(0))
    .addColumn('max_budget', 'double precision')
    .addColumn('soft_budget', 'double precision')
    .addColumn('budget_duration', 'text')
    .addColumn('budget_reset_at', 'timestamptz')
    .addColumn('tpm_limit', 'bigint')
    .addColumn('rpm_limit', 'bigint')
    .addColumn('max_parallel_requests', 'integer');
}

/** Who made or changed a row, and when. */
function withAudit<T extends string>(table: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return table
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await withAudit(
    withBudget(
      db.schema
        .createTable('llmux_keys')
        .addColumn('token', 'text', (column) => column.primaryKey())
        .addColumn('key_name', 'text', (column) => column.notNull())
        .addColumn('key_alias', 'text', (column) => column.unique())
        .addColumn('user_id', 'text')
        .addColumn('team_id', 'text')
        .addColumn('organization_id', 'text')
        .addColumn('models', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
        .addColumn('aliases', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT))
        .addColumn('model_max_budget', 'jsonb')
        .addColumn('model_rpm_limit', 'jsonb')
        .addColumn('model_tpm_limit', 'jsonb')
        .addColumn('metadata', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT))
        .addColumn('tags', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
        .addColumn('permissions', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT))
        .addColumn('guardrails', 'jsonb')
        .addColumn('blocked', 'boolean', (column) => column.notNull().defaultTo(false))
        .addColumn('expires', 'timestamptz'),
    ),
  ).execute();
  await db.schema.createIndex('llmux_keys_user_id').on('llmux_keys').column('user_id').execute();
  await db.schema.createIndex('llmux_keys_team_id').on('llmux_keys').column('team_id').execute();

  await withAudit(
    withBudget(
      db.schema
        .createTable('llmux_users')
        .addColumn('user_id', 'text', (column) => column.primaryKey())
        .addColumn('user_email', 'text')
        .addColumn('user_alias', 'text')
        .addColumn('user_role', 'text', (column) => column.notNull().defaultTo('internal_user'))
        .addColumn('models', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
        .addColumn('metadata', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT)),
    ),
  ).execute();

  await withAudit(
    withBudget(
      db.schema
        .createTable('llmux_organizations')
        .addColumn('organization_id', 'text', (column) => column.primaryKey())
        .addColumn('organization_alias', 'text', (column) => column.notNull())
        .addColumn('models', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
        .addColumn('metadata', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT)),
    ),
  ).execute();

  await withAudit(
    withBudget(
      db.schema
        .createTable('llmux_teams')
        .addColumn('team_id', 'text', (column) => column.primaryKey())
        .addColumn('team_alias', 'text')
        .addColumn('organization_id', 'text', (column) =>
          column.references('llmux_organizations.organization_id').onDelete('set null'),
        )
        .addColumn('models', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
        .addColumn('model_aliases', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT))
        .addColumn('metadata', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT))
        .addColumn('tags', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
        .addColumn('blocked', 'boolean', (column) => column.notNull().defaultTo(false)),
    ),
  ).execute();

  await db.schema
    .createTable('llmux_team_members')
    .addColumn('team_id', 'text', (column) => column.notNull().references('llmux_teams.team_id').onDelete('cascade'))
    .addColumn('user_id', 'text', (column) => column.notNull().references('llmux_users.user_id').onDelete('cascade'))
    .addColumn('role', 'text', (column) => column.notNull().defaultTo('user'))
    .addColumn('spend', 'double precision', (column) => column.notNull().defaultTo(0))
    .addColumn('max_budget_in_team', 'double precision')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('llmux_team_members_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('llmux_organization_members')
    .addColumn('organization_id', 'text', (column) =>
      column.notNull().references('llmux_organizations.organization_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (column) => column.notNull().references('llmux_users.user_id').onDelete('cascade'))
    .addColumn('user_role', 'text', (column) => column.notNull().defaultTo('internal_user'))
    .addColumn('spend', 'double precision', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('llmux_organization_members_pk', ['organization_id', 'user_id'])
    .execute();

  await withAudit(
    db.schema
      .createTable('llmux_budgets')
      .addColumn('budget_id', 'text', (column) => column.primaryKey())
      .addColumn('max_budget', 'double precision')
      .addColumn('soft_budget', 'double precision')
      .addColumn('max_parallel_requests', 'integer')
      .addColumn('tpm_limit', 'bigint')
      .addColumn('rpm_limit', 'bigint')
      .addColumn('model_max_budget', 'jsonb')
      .addColumn('budget_duration', 'text')
      .addColumn('budget_reset_at', 'timestamptz'),
  ).execute();

  await withAudit(
    withBudget(
      db.schema
        .createTable('llmux_end_users')
        .addColumn('user_id', 'text', (column) => column.primaryKey())
        .addColumn('alias', 'text')
        .addColumn('allowed_model_region', 'text')
        .addColumn('default_model', 'text')
        .addColumn('budget_id', 'text', (column) => column.references('llmux_budgets.budget_id').onDelete('set null'))
        .addColumn('blocked', 'boolean', (column) => column.notNull().defaultTo(false)),
    ),
  ).execute();

  await db.schema
    .createTable('llmux_access_groups')
    .addColumn('access_group', 'text', (column) => column.primaryKey())
    .addColumn('models', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('llmux_spend_logs')
    .addColumn('request_id', 'text', (column) => column.primaryKey())
    .addColumn('call_type', 'text', (column) => column.notNull())
    .addColumn('api_key', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('spend', 'double precision', (column) => column.notNull().defaultTo(0))
    .addColumn('prompt_tokens', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('total_tokens', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('cached_tokens', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('reasoning_tokens', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('start_time', 'timestamptz', (column) => column.notNull())
    .addColumn('end_time', 'timestamptz', (column) => column.notNull())
    .addColumn('completion_start_time', 'timestamptz')
    .addColumn('model', 'text', (column) => column.notNull())
    .addColumn('model_group', 'text')
    .addColumn('model_id', 'text')
    .addColumn('custom_llm_provider', 'text')
    .addColumn('api_base', 'text')
    .addColumn('user_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('end_user', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('http_status', 'integer', (column) => column.notNull())
    .addColumn('cache_hit', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('request_tags', 'jsonb', (column) => column.notNull().defaultTo(JSON_ARRAY))
    .addColumn('metadata', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT))
    .addColumn('messages', 'jsonb')
    .addColumn('response', 'jsonb')
    .execute();
  for (const column of ['start_time', 'api_key', 'user_id', 'team_id', 'end_user']) {
    const columns = column === 'start_time' ? ['start_time'] : [column, 'start_time'];
    await db.schema.createIndex(`llmux_spend_logs_${column}`).on('llmux_spend_logs').columns(columns).execute();
  }

  await db.schema
    .createTable('llmux_daily_spend')
    .addColumn('day', 'date', (column) => column.notNull())
    .addColumn('entity_type', 'text', (column) => column.notNull())
    .addColumn('entity_id', 'text', (column) => column.notNull())
    .addColumn('model_group', 'text', (column) => column.notNull())
    .addColumn('requests', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('successful_requests', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('failed_requests', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('prompt_tokens', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('spend', 'double precision', (column) => column.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('llmux_daily_spend_pk', ['day', 'entity_type', 'entity_id', 'model_group'])
    .execute();

  await withAudit(
    db.schema
      .createTable('llmux_deployments')
      .addColumn('model_id', 'text', (column) => column.primaryKey())
      .addColumn('model_name', 'text', (column) => column.notNull())
      .addColumn('litellm_params', 'jsonb', (column) => column.notNull())
      .addColumn('model_info', 'jsonb', (column) => column.notNull().defaultTo(JSON_OBJECT)),
  ).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'llmux_deployments',
    'llmux_daily_spend',
    'llmux_spend_logs',
    'llmux_access_groups',
    'llmux_end_users',
    'llmux_budgets',
    'llmux_organization_members',
    'llmux_team_members',
    'llmux_teams',
    'llmux_organizations',
    'llmux_users',
    'llmux_keys',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
