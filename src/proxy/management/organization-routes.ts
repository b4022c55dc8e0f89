import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { BadRequestError, NotFoundError } from '../../errors/index.js';
import {
  type OrganizationChanges,
  type OrganizationMemberRow,
  type OrganizationRow,
  OrganizationStore,
} from '../../store/organizations/organization-store.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import {
  type BudgetSettings,
  budgetColumns,
  budgetFields,
  identifier,
  idList,
  nullish,
  parseBody,
  queryId,
  record,
} from './budget-fields.js';
import { actorOf, adminDatabase } from './organization-customer-budget-access.js';

const organizationFields = {
  organization_alias: nullish(z.string().check(z.minLength(1), z.maxLength(256))),
  models: nullish(z.array(z.string())),
  metadata: nullish(record),
  ...budgetFields,
};

/** LiteLLM's `NewOrganizationRequest` (`organization_id` generated when absent). */
const newOrganization = z.looseObject({
  organization_id: nullish(identifier),
  ...organizationFields,
  organization_alias: z.string().check(z.minLength(1), z.maxLength(256)),
});

/** LiteLLM's `LiteLLM_OrganizationTableUpdate`. */
const organizationUpdate = z.looseObject({ organization_id: identifier, ...organizationFields });

interface OrganizationSettings extends BudgetSettings {
  organization_alias?: string | null | undefined;
  models?: string[] | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
}

/** `POST /organization/new`: a taken `organization_id` is a 400. */
export async function newOrganizationHandler(context: RequestContext): Promise<GatewayResponse> {
  const organizations = new OrganizationStore(await adminDatabase(context));
  const settings = parseBody(newOrganization, readJsonBody(context.request));
  const actor = actorOf(context);
  const organizationId = settings.organization_id ?? randomUUID();
  const row = await organizations.insert({
    ...columnsOf(settings),
    organization_id: organizationId,
    organization_alias: settings.organization_alias,
    created_by: actor,
    updated_by: actor,
  });
  if (!row) {
    throw new BadRequestError({
      message: `Organization already exists, organization_id=${organizationId}`,
      param: 'organization_id',
      code: 'invalid_value',
    });
  }
  return jsonResponse(200, organizationView(row));
}

/** `POST /organization/update` (LiteLLM: PATCH): changes the fields named in the body. */
export async function updateOrganizationHandler(context: RequestContext): Promise<GatewayResponse> {
  const organizations = new OrganizationStore(await adminDatabase(context));
  const settings = parseBody(organizationUpdate, readJsonBody(context.request));
  const row = await organizations.update(settings.organization_id, {
    ...columnsOf(settings),
    updated_by: actorOf(context),
  });
  if (!row) throw organizationNotFound(settings.organization_id);
  return jsonResponse(200, organizationView(row));
}

/** `POST /organization/delete` (LiteLLM: DELETE) with `{ organization_ids }`: all or nothing; the deleted rows. */
export async function deleteOrganizationsHandler(context: RequestContext): Promise<GatewayResponse> {
  const organizations = new OrganizationStore(await adminDatabase(context));
  const ids = idList(readJsonBody(context.request).organization_ids, 'organization_ids');
  const missing = await organizations.missing(ids);
  if (missing.length > 0) throw organizationNotFound(missing.join(', '));
  return jsonResponse(
    200,
    (await organizations.delete(ids)).map((row) => organizationView(row)),
  );
}

/** `GET /organization/info?organization_id=`: the organisation with its `members` and `teams`. */
export async function organizationInfoHandler(context: RequestContext): Promise<GatewayResponse> {
  const organizations = new OrganizationStore(await adminDatabase(context));
  const organizationId = queryId(context.request.query, 'organization_id');
  const row = await organizations.find(organizationId);
  if (!row) throw organizationNotFound(organizationId);
  const [members, teams] = await Promise.all([
    organizations.members([organizationId]),
    organizations.teams(organizationId),
  ]);
  return jsonResponse(200, { ...organizationView(row, members), teams });
}

/** `GET /organization/list`: every organisation with its `members`. */
export async function listOrganizationsHandler(context: RequestContext): Promise<GatewayResponse> {
  const organizations = new OrganizationStore(await adminDatabase(context));
  const rows = await organizations.list();
  const members = await organizations.members(rows.map((row) => row.organization_id));
  return jsonResponse(
    200,
    rows.map((row) =>
      organizationView(
        row,
        members.filter((member) => member.organization_id === row.organization_id),
      ),
    ),
  );
}

/**
 * An organisation as LiteLLM's `LiteLLM_OrganizationTable`: its own budget also as
 * `litellm_budget_table` (LiteLLM keeps it in a linked budget row; llmux on the organisation).
 */
export function organizationView(row: OrganizationRow, members?: OrganizationMemberRow[]): Record<string, unknown> {
  return {
    ...row,
    litellm_budget_table: {
      max_budget: row.max_budget,
      soft_budget: row.soft_budget,
      max_parallel_requests: row.max_parallel_requests,
      tpm_limit: row.tpm_limit,
      rpm_limit: row.rpm_limit,
      budget_duration: row.budget_duration,
      budget_reset_at: row.budget_reset_at,
    },
    ...(members ? { members } : {}),
  };
}

export function organizationNotFound(organizationId: string): NotFoundError {
  return new NotFoundError({
    message: `Organization not found, organization_id=${organizationId}`,
    param: 'organization_id',
    code: 'organization_not_found',
  });
}

function columnsOf(settings: OrganizationSettings): OrganizationChanges {
  const columns: OrganizationChanges = budgetColumns(settings, new Date());
  if (settings.organization_alias != null) columns.organization_alias = settings.organization_alias;
  if (settings.models != null) columns.models = JSON.stringify(settings.models);
  if (settings.metadata != null) columns.metadata = JSON.stringify(settings.metadata);
  return columns;
}
