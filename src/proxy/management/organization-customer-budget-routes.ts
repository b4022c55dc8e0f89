import type { ManagementRoute } from './management-route.js';

/** `/organization/*`, `/customer/*` and `/budget/*`. */
export const ORGANIZATION_CUSTOMER_BUDGET_ROUTES: readonly ManagementRoute[] = [];
