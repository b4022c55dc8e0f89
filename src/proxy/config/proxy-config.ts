import type { LiteLLMParams } from '../../spec/litellm-params.js';

/** One `model_list` entry: a deployment clients reach by its `model_name`. */
export interface DeploymentConfig {
  model_name: string;
  litellm_params: LiteLLMParams & { model: string };
  /** `id` stays absent when the file has none: the proxy computes one. */
  model_info: Record<string, unknown> & { id?: string };
}

/** `general_settings`: the proxy server's own settings. Unknown keys are kept as they are. */
export interface GeneralSettings {
  master_key?: string;
  /** A PostgreSQL server for keys and spend (LiteLLM's; `DATABASE_URL` too); without one, the embedded database. */
  database_url?: string;
  allow_client_side_credentials?: boolean;
  /** LiteLLM's name */
  max_request_size_mb?: number;
  /** llmux addition: deepest nesting of arrays/objects accepted in a JSON body (default 100) */
  max_request_json_depth?: number;
  /** llmux addition: seconds a client has to send its request headers (default 60) */
  client_headers_timeout_seconds?: number;
  /** llmux addition: seconds a client has to send its whole request, headers and body (default 60) */
  client_request_timeout_seconds?: number;
  /** LiteLLM's `--keepalive_timeout` (env `KEEPALIVE_TIMEOUT`): seconds an idle keep-alive connection stays open (default 65) */
  keepalive_timeout?: number;
  /** llmux addition: concurrent client connections; more are refused (default 8192) */
  max_connections?: number;
  /** llmux addition: hosts/CIDRs a client-supplied api_base may point at even if private/loopback */
  client_api_base_allowlist?: string[];
  [key: string]: unknown;
}

/** A LiteLLM-format `config.yaml`, validated, with `os.environ/` references resolved. */
export interface ProxyConfig {
  model_list: DeploymentConfig[];
  litellm_settings: Record<string, unknown>;
  router_settings: Record<string, unknown>;
  general_settings: GeneralSettings;
  /** To be set into `process.env` (where not already set) before the proxy starts. */
  environment_variables: Record<string, string>;
  /** file it came from, for messages */
  source?: string;
  /** Other top-level keys (LiteLLM sections llmux does not implement yet), kept as read. */
  [section: string]: unknown;
}

/** A config and what the loader wants the operator to know about it. */
export interface LoadedConfig {
  config: ProxyConfig;
  /** One line each, already prefixed with the file and path; never contains a secret value. */
  warnings: string[];
}

/** Environment variables as `process.env` holds them. */
export type Env = Record<string, string | undefined>;
