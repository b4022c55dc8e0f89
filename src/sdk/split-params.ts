import { CREDENTIAL_PARAMS, type LiteLLMParams, PRICE_PARAMS } from '../spec/litellm-params.js';

/** LiteLLM's own call fields: they steer llmux and never reach the provider's body. */
const LITELLM_PARAM_NAMES: ReadonlySet<string> = new Set([
  'timeout',
  'request_timeout',
  'stream_timeout',
  'num_retries',
  'max_retries',
  'drop_params',
  'additional_drop_params',
  'mock_response',
  'mock_tool_calls',
  // LiteLLM's test switches: the router or the mock answers them; an upstream never sees them.
  'mock_timeout',
  'mock_delay',
  'mock_testing_rate_limit_error',
  'mock_testing_context_window_error',
  'mock_testing_content_policy_error',
  'mock_testing_context_fallbacks',
  'mock_testing_content_policy_fallbacks',
  'metadata',
  'extra_body',
  ...PRICE_PARAMS,
  'safety_settings',
  'region_name',
  'litellm_call_id',
  'litellm_logging_obj',
  'tags',
  'fallbacks',
  'caching',
  'cache',
  'model_info',
  'use_in_pass_through',
  'configurable_clientside_auth_params',
  // Router and deployment settings that may sit in a deployment's litellm_params.
  'rpm',
  'tpm',
  'weight',
  'order',
  'max_parallel_requests',
  'max_budget',
  'budget_duration',
  'mock_testing_fallbacks',
  'cooldown_time',
  'model_group',
  'proxy_server_request',
  // Credentials and cloud settings, read by providers from the call's params.
  ...CREDENTIAL_PARAMS,
]);

/**
 * Separates a call's params into the provider request (OpenAI fields and provider-specific
 * extras, passed through) and LiteLLM's steering fields. `extra_body` is merged into the request.
 */
export function splitParams<T extends { model: string }>(
  params: T & LiteLLMParams,
  /** Fields a caller consumed itself (the router's): in neither part. */
  skip?: ReadonlySet<string>,
): { request: T; litellm: LiteLLMParams } {
  const request: Record<string, unknown> = {};
  const litellm: Record<string, unknown> = {};
  for (const name in params) {
    const value = (params as Record<string, unknown>)[name];
    if (value === undefined || !Object.hasOwn(params, name) || skip?.has(name)) continue;
    if (LITELLM_PARAM_NAMES.has(name)) litellm[name] = value;
    else request[name] = value;
  }
  const extraBody = litellm.extra_body;
  if (extraBody && typeof extraBody === 'object') Object.assign(request, extraBody);
  if (litellm.request_timeout !== undefined && litellm.timeout === undefined) litellm.timeout = litellm.request_timeout;
  return { request: request as T, litellm: litellm as LiteLLMParams };
}
