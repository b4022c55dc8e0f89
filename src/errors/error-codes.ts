import { ERROR_TABLE, type ErrorStatus } from './error-table.js';

/**
 * Every `error.code` llmux itself raises, with what it means. Codes are the error's kind, read by
 * clients and tests; a new one is added here (an error's `code` option is an `ErrorCode`, so a code
 * missing from this list does not compile; `docs/sdk.md` lists them, tested). A provider's own code
 * is the error's `upstreamCode`, passed through as received, and is not listed.
 */
export const ERROR_CODES = {
  // The request as sent
  invalid_body: 'The request body is empty or not a JSON object.',
  invalid_json: 'The request body is not valid JSON.',
  json_too_deep: 'The request JSON nests deeper than `general_settings.max_request_json_depth`.',
  request_too_large: 'The request body is larger than `general_settings.max_request_size_mb`.',
  unsupported_media_type: 'The request `Content-Type` is not JSON.',
  invalid_path: 'A path parameter is malformed.',
  not_found: 'No route has this path.',
  invalid_request_error: 'The SDK found a malformed `messages` array before any call.',
  // A parameter's value (OpenAI's codes for the same checks)
  missing_required_parameter: 'A required parameter is missing.',
  invalid_type: 'A parameter has the wrong type.',
  invalid_value: 'A parameter has a value outside its allowed set.',
  empty_array: 'A parameter that must be a non-empty array is empty.',
  integer_below_min_value: 'An integer parameter is below its minimum.',
  integer_above_max_value: 'An integer parameter is above its maximum.',
  decimal_below_min_value: 'A number parameter is below its minimum.',
  decimal_above_max_value: 'A number parameter is above its maximum.',
  unsupported_parameter: 'The provider or model does not support this parameter (and `drop_params` is off).',
  rejected_param: 'A client-side credential or `api_base` the gateway does not allow.',
  // The model and its deployments
  invalid_model: '`model` is missing, malformed or names no known provider.',
  model_not_found: 'The model is not in the cost map, so its price or context window is unknown.',
  context_length_exceeded: 'The prompt does not fit the context window of any deployment.',
  no_deployment_for_tags: 'No deployment of the model group carries the requested tags.',
  no_deployments_available: 'Every deployment of the model group is cooling down.',
  // Virtual keys and the management API
  key_model_access_denied: 'The virtual key (or its team or user) may not use this model.',
  key_not_found: 'No virtual key has this token or alias.',
  key_blocked: 'The virtual key is blocked.',
  key_expired: 'The virtual key has expired.',
  team_blocked: "The virtual key's team is blocked.",
  customer_blocked: 'The end user (`user` in the request) is blocked.',
  user_not_found: 'No user has this `user_id`.',
  team_not_found: 'No team has this `team_id`.',
  admin_only: 'The management call needs the master key (or an admin role).',
  database_unavailable: 'The database is not configured or does not answer.',
  organization_not_found: 'No organization has this id.',
  customer_not_found: 'No customer (end user) has this id.',
  budget_not_found: 'No budget has this id.',
  // The upstream answer
  stream_event_too_large: 'One upstream stream event is larger than the reader allows.',
  upstream_response_too_large: 'The upstream answer is larger than the limit llmux reads.',
} as const satisfies Record<string, string>;

/**
 * A code llmux raises: one of `ERROR_CODES`, or the status as a string (LiteLLM's default code,
 * e.g. `'401'`).
 */
export type ErrorCode = keyof typeof ERROR_CODES | `${ErrorStatus}`;

/**
 * A provider's own code (`'overloaded_error'`, `'RESOURCE_EXHAUSTED'`), passed through as received in
 * an error's `upstreamCode`; never accepted as an error's `code` option.
 */
export type UpstreamErrorCode = string & {};

const STATUS_CODES: ReadonlySet<string> = new Set(
  Object.values(ERROR_TABLE).flatMap((entry) => (typeof entry.status === 'number' ? [String(entry.status)] : [])),
);

/** Whether `code` is one llmux may raise itself: a listed code or a status string. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code) || STATUS_CODES.has(code);
}
