import type { ChatCompletion } from './openai-chat.js';
import type { AddressGuard } from './transport.js';

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
  /** Set by a gateway, never from a client's body: see `ClientSuppliedBase`. */
  llmux_client_supplied_base?: ClientSuppliedBase;
  [extra: string]: unknown;
}

/** A deployment's price overrides: set by an operator, never by a client's body. */
export const PRICE_PARAMS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'input_cost_per_second',
  'output_cost_per_second',
] as const;

/** LiteLLM fields a client may be allowed to send: where a call goes or what it is signed with (the proxy guards them). */
export const CLIENT_CREDENTIAL_PARAMS = [
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

/** Among `CLIENT_CREDENTIAL_PARAMS`, those that carry no secret: a deployment's value stays under a client's api_base. */
export const NON_SECRET_ROUTING_PARAMS: ReadonlySet<string> = new Set(['custom_llm_provider', 'api_version']);

/** The gateway's marker of a call whose api_base came from its client (`ClientSuppliedBase`). */
export const CLIENT_SUPPLIED_BASE_PARAM = 'llmux_client_supplied_base';

/** Every field that chooses where a call goes or what it is signed with: the client's, and the gateway's marker. */
export const CREDENTIAL_PARAMS = [...CLIENT_CREDENTIAL_PARAMS, CLIENT_SUPPLIED_BASE_PARAM] as const;

/**
 * A call whose api_base a gateway's client chose. The call is then signed only with what the
 * client sent: no key, token, header or cloud credential from the deployment, the config or the
 * environment, and every connection goes through `guard`. Only the gateway sets it; a client's
 * body can never (the proxy refuses the field).
 */
export interface ClientSuppliedBase {
  /** The credential fields the client sent: `api_base` always, `api_key`, `extra_headers` … when it sent them. */
  credentials: Readonly<LiteLLMParams> & { api_base: string };
  guard: AddressGuard;
}
