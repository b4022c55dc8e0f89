import type { ManagementRoute } from './management-route.js';

/** `/user/*` and `/team/*`. */
export const USER_TEAM_ROUTES: readonly ManagementRoute[] = [];
