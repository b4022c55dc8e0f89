import { BadRequestError, PermissionDeniedError } from '../../errors/index.js';
import { findSpendLogs } from '../../store/spend/spend-log-queries.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { keyService, tokenOf } from './key-routes.js';

/**
 * `GET /spend/logs`: spend-log rows, newest first, filtered by `api_key` (a key or its hash),
 * `user_id`, `team_id`, `request_id`, `start_date` and `end_date` (ISO dates; the end day included).
 * Admins read every row; a virtual key reads its own only.
 */
export async function spendLogsHandler(context: RequestContext): Promise<GatewayResponse> {
  const keys = await keyService(context);
  const query = new URLSearchParams(context.request.query);
  const asked = query.get('api_key');
  const apiKey = asked === null ? undefined : tokenOf(asked, 'api_key');
  if (!context.caller.admin && apiKey !== context.caller.keyHash) {
    throw new PermissionDeniedError({
      message: 'A key can only read its own spend logs (pass api_key=<your key>)',
      code: 'admin_only',
    });
  }
  const rows = await findSpendLogs(keys.store.db, {
    apiKey,
    userId: query.get('user_id') ?? undefined,
    teamId: query.get('team_id') ?? undefined,
    requestId: query.get('request_id') ?? undefined,
    from: dateParam(query.get('start_date'), 'start_date', 0),
    to: dateParam(query.get('end_date'), 'end_date', 1),
    limit: 1000,
  });
  return jsonResponse(200, rows);
}

/** `2026-12-07` (or a full ISO time), moved `days` forward (an end date includes its whole day). */
function dateParam(value: string | null, param: string, days: number): Date | undefined {
  if (value === null) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new BadRequestError({ message: `${param} must be a date (YYYY-MM-DD)`, param, code: 'invalid_value' });
  }
  if (days !== 0 && /^\d{4}-\d{2}-\d{2}$/.test(value)) date.setUTCDate(date.getUTCDate() + days);
  return date;
}
