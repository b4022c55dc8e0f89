import type { Kysely } from 'kysely';
import * as z from 'zod';
import { BadRequestError, NotFoundError } from '../../errors/index.js';
import { BudgetStore } from '../../store/budgets/budget-store.js';
import { type CustomerChanges, type CustomerRow, CustomerStore } from '../../store/customers/customer-store.js';
import type { Database } from '../../store/db/schema.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { readJsonBody } from '../read-json-body.js';
import { budgetColumns, budgetFields, identifier, idList, nullish, parseBody, queryId } from './budget-fields.js';
import { budgetNotFound, budgetView } from './budget-routes.js';
import { actorOf, adminDatabase } from './organization-customer-budget-access.js';

/** LiteLLM's `NewCustomerRequest` / `UpdateCustomerRequest`; the budget fields set the customer's own budget. */
const customerSettings = z.looseObject({
  user_id: identifier,
  alias: nullish(z.string()),
  blocked: nullish(z.boolean()),
  budget_id: nullish(identifier),
  allowed_model_region: nullish(z.enum(['eu', 'us'])),
  default_model: nullish(z.string()),
  ...budgetFields,
});

type CustomerSettings = z.infer<typeof customerSettings>;

/** `POST /customer/new`: a customer by `user_id`; a taken id is a 400, an unknown `budget_id` a 404. */
export async function newCustomerHandler(context: RequestContext): Promise<GatewayResponse> {
  const db = await adminDatabase(context);
  const settings = parseBody(customerSettings, readJsonBody(context.request));
  await requireBudget(db, settings.budget_id);
  const actor = actorOf(context);
  const row = await new CustomerStore(db).insert({
    ...columnsOf(settings),
    user_id: settings.user_id,
    created_by: actor,
    updated_by: actor,
  });
  if (!row) {
    throw new BadRequestError({
      message: `Customer already exists, passed user_id=${settings.user_id}. Please pass a new user_id.`,
      param: 'user_id',
      code: 'invalid_value',
    });
  }
  return jsonResponse(200, await customerView(db, row));
}

/** `GET /customer/info?end_user_id=`: the customer with its budget (`litellm_budget_table`). */
export async function customerInfoHandler(context: RequestContext): Promise<GatewayResponse> {
  const db = await adminDatabase(context);
  const userId = queryId(context.request.query, 'end_user_id');
  const row = await new CustomerStore(db).find(userId);
  if (!row) throw customerNotFound(userId, 'end_user_id');
  return jsonResponse(200, await customerView(db, row));
}

/** `POST /customer/update`: changes the fields named in the body of customer `user_id`. */
export async function updateCustomerHandler(context: RequestContext): Promise<GatewayResponse> {
  const db = await adminDatabase(context);
  const settings = parseBody(customerSettings, readJsonBody(context.request));
  await requireBudget(db, settings.budget_id);
  const row = await new CustomerStore(db).update(settings.user_id, {
    ...columnsOf(settings),
    updated_by: actorOf(context),
  });
  if (!row) throw customerNotFound(settings.user_id, 'user_id');
  remember(context, [row]);
  return jsonResponse(200, await customerView(db, row));
}

/** Customers changed here: this instance's next request sees them; the others within the cache's second. */
function remember(context: RequestContext, rows: readonly CustomerRow[], deleted: readonly string[] = []): void {
  const cache = context.state.keys?.current?.customers;
  for (const row of rows) cache?.set(row.user_id, row);
  for (const id of deleted) cache?.set(id, undefined);
}

/** `POST /customer/delete` with `{ user_ids }`: all or nothing; any unknown id is a 404. */
export async function deleteCustomersHandler(context: RequestContext): Promise<GatewayResponse> {
  const customers = new CustomerStore(await adminDatabase(context));
  const ids = idList(readJsonBody(context.request).user_ids, 'user_ids');
  const missing = await customers.missing(ids);
  if (missing.length > 0) throw customerNotFound(missing.join(', '), 'user_ids');
  const deleted = await customers.delete(ids);
  remember(context, [], ids);
  return jsonResponse(200, {
    deleted_customers: deleted.length,
    message: `Successfully deleted customers with ids: ${JSON.stringify(ids)}`,
  });
}

/** `POST /customer/block` with `{ user_ids }`: their requests are refused; unknown ids are created blocked (as LiteLLM). */
export async function blockCustomersHandler(context: RequestContext): Promise<GatewayResponse> {
  const customers = new CustomerStore(await adminDatabase(context));
  const ids = idList(readJsonBody(context.request).user_ids, 'user_ids');
  const blocked = await customers.block(ids, actorOf(context));
  remember(context, blocked);
  return jsonResponse(200, { blocked_users: blocked });
}

/** `POST /customer/unblock` with `{ user_ids }`: any unknown id is a 404, and nothing changes. */
export async function unblockCustomersHandler(context: RequestContext): Promise<GatewayResponse> {
  const customers = new CustomerStore(await adminDatabase(context));
  const ids = idList(readJsonBody(context.request).user_ids, 'user_ids');
  const missing = await customers.missing(ids);
  if (missing.length > 0) throw customerNotFound(missing.join(', '), 'user_ids');
  const unblocked = await customers.unblock(ids, actorOf(context));
  remember(context, unblocked);
  return jsonResponse(200, { unblocked_users: unblocked });
}

/** `GET /customer/list`: every customer with its budget. */
export async function listCustomersHandler(context: RequestContext): Promise<GatewayResponse> {
  const db = await adminDatabase(context);
  const rows = await new CustomerStore(db).list();
  const budgetIds = [...new Set(rows.flatMap((row) => (row.budget_id ? [row.budget_id] : [])))];
  const budgets = new Map((await new BudgetStore(db).findMany(budgetIds)).map((row) => [row.budget_id, row]));
  return jsonResponse(
    200,
    rows.map((row) => withBudget(row, row.budget_id ? budgets.get(row.budget_id) : undefined)),
  );
}

async function customerView(db: Kysely<Database>, row: CustomerRow): Promise<Record<string, unknown>> {
  const budget = row.budget_id ? await new BudgetStore(db).find(row.budget_id) : undefined;
  return withBudget(row, budget);
}

/** LiteLLM's `LiteLLM_EndUserTable`: the row, and the shared budget it names as `litellm_budget_table`. */
function withBudget(row: CustomerRow, budget: Parameters<typeof budgetView>[0] | undefined): Record<string, unknown> {
  return { ...row, litellm_budget_table: budget ? budgetView(budget) : null };
}

async function requireBudget(db: Kysely<Database>, budgetId: string | null | undefined): Promise<void> {
  if (budgetId && !(await new BudgetStore(db).find(budgetId))) throw budgetNotFound(budgetId);
}

function columnsOf(settings: CustomerSettings): CustomerChanges {
  const columns: CustomerChanges = budgetColumns(settings, new Date());
  for (const name of ['alias', 'budget_id', 'allowed_model_region', 'default_model'] as const) {
    if (settings[name] !== undefined) columns[name] = settings[name];
  }
  if (settings.blocked != null) columns.blocked = settings.blocked;
  return columns;
}

function customerNotFound(userId: string, param: string): NotFoundError {
  return new NotFoundError({
    message: `End User Id=${userId} does not exist in db`,
    param,
    code: 'customer_not_found',
  });
}
