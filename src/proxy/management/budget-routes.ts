import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { BadRequestError, NotFoundError } from '../../errors/index.js';
import { type BudgetChanges, type BudgetRow, BudgetStore } from '../../store/budgets/budget-store.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { budgetColumns, budgetFields, identifier, idList, nullish, parseBody, record } from './budget-fields.js';
import { actorOf, adminDatabase } from './organization-customer-budget-access.js';

/** LiteLLM's `BudgetNewRequest` (also `/budget/update`, where `budget_id` is required). */
const budgetSettings = z.looseObject({
  budget_id: nullish(identifier),
  ...budgetFields,
  model_max_budget: nullish(record),
  budget_reset_at: nullish(z.string()),
});

type BudgetSettings = z.infer<typeof budgetSettings>;

/** `POST /budget/new`: a named budget (`budget_id` generated when absent); a taken id is a 400. */
export async function newBudgetHandler(context: RequestContext): Promise<GatewayResponse> {
  const budgets = new BudgetStore(await adminDatabase(context));
  const settings = parseBody(budgetSettings, readJsonBody(context.request));
  const actor = actorOf(context);
  const budgetId = settings.budget_id ?? randomUUID();
  const row = await budgets.insert({
    ...columnsOf(settings),
    budget_id: budgetId,
    created_by: actor,
    updated_by: actor,
  });
  if (!row) {
    throw new BadRequestError({
      message: `Budget already exists, budget_id=${budgetId}`,
      param: 'budget_id',
      code: 'invalid_value',
    });
  }
  return jsonResponse(200, budgetView(row));
}

/** `POST /budget/update`: changes the fields named in the body of budget `budget_id`. */
export async function updateBudgetHandler(context: RequestContext): Promise<GatewayResponse> {
  const budgets = new BudgetStore(await adminDatabase(context));
  const settings = parseBody(budgetSettings, readJsonBody(context.request));
  if (!settings.budget_id) {
    throw new BadRequestError({
      message: 'budget_id is required',
      param: 'budget_id',
      code: 'missing_required_parameter',
    });
  }
  const row = await budgets.update(settings.budget_id, { ...columnsOf(settings), updated_by: actorOf(context) });
  if (!row) throw budgetNotFound(settings.budget_id);
  return jsonResponse(200, budgetView(row));
}

/** `POST /budget/info` with `{ budgets: [ids] }`: the budgets, in the order asked; any unknown id is a 404. */
export async function budgetInfoHandler(context: RequestContext): Promise<GatewayResponse> {
  const budgets = new BudgetStore(await adminDatabase(context));
  const ids = idList(readJsonBody(context.request).budgets, 'budgets');
  const rows = new Map((await budgets.findMany(ids)).map((row) => [row.budget_id, row]));
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length > 0) throw budgetNotFound(missing.join(', '));
  return jsonResponse(
    200,
    ids.map((id) => budgetView(rows.get(id) as BudgetRow)),
  );
}

/** `POST /budget/delete` with `{ id }`: the deleted budget; its end users keep no budget. */
export async function deleteBudgetHandler(context: RequestContext): Promise<GatewayResponse> {
  const budgets = new BudgetStore(await adminDatabase(context));
  const id = readJsonBody(context.request).id;
  if (typeof id !== 'string' || id === '') {
    throw new BadRequestError({ message: 'id is required', param: 'id', code: 'missing_required_parameter' });
  }
  const row = await budgets.delete(id);
  if (!row) throw budgetNotFound(id);
  return jsonResponse(200, budgetView(row));
}

/** `GET /budget/list`: every budget. */
export async function listBudgetsHandler(context: RequestContext): Promise<GatewayResponse> {
  const budgets = new BudgetStore(await adminDatabase(context));
  return jsonResponse(200, (await budgets.list()).map(budgetView));
}

/** A budget as LiteLLM's `LiteLLM_BudgetTable`. */
export function budgetView(row: BudgetRow): Record<string, unknown> {
  return { ...row };
}

export function budgetNotFound(budgetId: string): NotFoundError {
  return new NotFoundError({
    message: `Budget not found, budget_id=${budgetId}`,
    param: 'budget_id',
    code: 'budget_not_found',
  });
}

function columnsOf(settings: BudgetSettings): BudgetChanges {
  const now = new Date();
  const columns: BudgetChanges = budgetColumns(settings, now);
  if (settings.model_max_budget !== undefined) {
    columns.model_max_budget = settings.model_max_budget === null ? null : JSON.stringify(settings.model_max_budget);
  }
  if (settings.budget_reset_at != null) {
    const at = new Date(settings.budget_reset_at);
    if (Number.isNaN(at.getTime())) {
      throw new BadRequestError({
        message: 'budget_reset_at must be an ISO 8601 date',
        param: 'budget_reset_at',
        code: 'invalid_value',
      });
    }
    columns.budget_reset_at = at;
  }
  return columns;
}
