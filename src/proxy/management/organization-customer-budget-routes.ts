import {
  budgetInfoHandler,
  deleteBudgetHandler,
  listBudgetsHandler,
  newBudgetHandler,
  updateBudgetHandler,
} from './budget-routes.js';
import {
  blockCustomersHandler,
  customerInfoHandler,
  deleteCustomersHandler,
  listCustomersHandler,
  newCustomerHandler,
  unblockCustomersHandler,
  updateCustomerHandler,
} from './customer-routes.js';
import type { ManagementRoute } from './management-route.js';
import { addOrganizationMembersHandler } from './organization-member-routes.js';
import {
  deleteOrganizationsHandler,
  listOrganizationsHandler,
  newOrganizationHandler,
  organizationInfoHandler,
  updateOrganizationHandler,
} from './organization-routes.js';

/** The customer routes, also at LiteLLM's older `/end_user/*` paths. */
const customerRoutes = (prefix: string): ManagementRoute[] => [
  { method: 'POST', path: `${prefix}/new`, handler: newCustomerHandler },
  { method: 'GET', path: `${prefix}/info`, handler: customerInfoHandler },
  { method: 'POST', path: `${prefix}/update`, handler: updateCustomerHandler },
  { method: 'POST', path: `${prefix}/delete`, handler: deleteCustomersHandler },
  { method: 'POST', path: `${prefix}/block`, handler: blockCustomersHandler },
  { method: 'POST', path: `${prefix}/unblock`, handler: unblockCustomersHandler },
  { method: 'GET', path: `${prefix}/list`, handler: listCustomersHandler },
];

/** `/organization/*`, `/customer/*` and `/budget/*` (all proxy-admin only). */
export const ORGANIZATION_CUSTOMER_BUDGET_ROUTES: readonly ManagementRoute[] = [
  { method: 'POST', path: '/organization/new', handler: newOrganizationHandler },
  // LiteLLM's own methods for these two; POST is accepted too.
  { method: 'PATCH', path: '/organization/update', handler: updateOrganizationHandler },
  { method: 'DELETE', path: '/organization/delete', handler: deleteOrganizationsHandler },
  { method: 'POST', path: '/organization/update', handler: updateOrganizationHandler },
  { method: 'POST', path: '/organization/delete', handler: deleteOrganizationsHandler },
  { method: 'GET', path: '/organization/info', handler: organizationInfoHandler },
  { method: 'GET', path: '/organization/list', handler: listOrganizationsHandler },
  { method: 'POST', path: '/organization/member_add', handler: addOrganizationMembersHandler },
  ...customerRoutes('/customer'),
  ...customerRoutes('/end_user'),
  { method: 'POST', path: '/budget/new', handler: newBudgetHandler },
  { method: 'POST', path: '/budget/info', handler: budgetInfoHandler },
  { method: 'POST', path: '/budget/update', handler: updateBudgetHandler },
  { method: 'POST', path: '/budget/delete', handler: deleteBudgetHandler },
  { method: 'GET', path: '/budget/list', handler: listBudgetsHandler },
];
