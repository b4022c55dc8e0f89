import type { ChatCompletion } from './openai-chat.js';

/**
 * LiteLLM's per-call fields, in LiteLLM's snake_case. The same type describes a proxy
 * deployment's `litellm_params`, so a deployment passes straight through to the SDK.
 */
export interface LiteLLMParams {
  /** `provider/model-id`, or a bare OpenAI model name. */
  model?: string;
  api_base?: string;
  base_url?: string;
  api_key?: string;
  api_version?: string;
  /** Azure: an Entra ID token sent as a bearer instead of `api-key`. */
  azure_ad_token?: string;
  organization?: string;
  /** Seconds before the call is abandoned with a `Timeout` error. */
  timeout?: number;
  stream_timeout?: number;
  /** Retries of retryable errors, with exponential backoff and `Retry-After`. */
  num_retries?: number;
  /** Drop parameters the provider does not support instead of raising `UnsupportedParamsError`. */
  drop_params?: boolean;
  /** Names of parameters to drop for this call or deployment. */
  additional_drop_params?: string[];
  /** Answer without any network call: a string, a whole response, or an error to raise. */
  mock_response?: string | Partial<ChatCompletion> | Error;
  mock_tool_calls?: { id?: string; type?: 'function'; function: { name: string; arguments: string } }[];
  metadata?: Record<string, unknown>;
  extra_headers?: Record<string, string>;
  headers?: Record<string, string>;
  /** Force a provider instead of reading it from the `model` prefix. */
  custom_llm_provider?: string;
  /** Per-deployment price overrides, in USD per token. */
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  cache_read_input_token_cost?: number;
  cache_creation_input_token_cost?: number;
  input_cost_per_second?: number;
  output_cost_per_second?: number;
  /** The `openai` client's name for `num_retries`; accepted as an alias. */
  max_retries?: number;
  /** Gemini safety settings, passed through unchanged. */
  safety_settings?: unknown[];
  /** Where a deployment runs; used by the router's region checks. */
  region_name?: string;
  [extra: string]: unknown;
}

/** LiteLLM fields that choose where a call goes or what it is signed with (the proxy guards them). */
export const CREDENTIAL_PARAMS = [
  'api_key',
  'api_base',
  'base_url',
  'api_version',
  'azure_ad_token',
  'organization',
  'custom_llm_provider',
  'extra_headers',
  'headers',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_region_name',
  'aws_profile_name',
  'aws_role_name',
  'vertex_project',
  'vertex_location',
  'vertex_credentials',
] as const;
