import { BadRequestError } from '../errors/index.js';
import {
  CLIENT_CREDENTIAL_PARAMS,
  CLIENT_SUPPLIED_BASE_PARAM,
  type ClientSuppliedBase,
  CREDENTIAL_PARAMS,
  type LiteLLMParams,
  NON_SECRET_ROUTING_PARAMS,
  PRICE_PARAMS,
} from '../spec/litellm-params.js';
import { ApiBaseGuard, type ResolveHost } from './ssrf/api-base-guard.js';

/** Body fields only an operator may set: prices, internal plumbing, and the gateway's own marker. */
const OPERATOR_ONLY_PARAMS = [
  ...PRICE_PARAMS,
  'litellm_logging_obj',
  'model_info',
  'configurable_clientside_auth_params',
  CLIENT_SUPPLIED_BASE_PARAM,
] as const;

const GUARDED_PARAMS: ReadonlySet<string> = new Set([...OPERATOR_ONLY_PARAMS, ...CREDENTIAL_PARAMS]);

/**
 * A deployment's fields that stay when a client brings its own api_base: how to route, price and
 * time the call, never how to sign it. Everything else a deployment sets (keys, tokens, headers,
 * cloud credentials, provider extras that would go into the body) is blanked for that call.
 */
const KEPT_UNDER_CLIENT_BASE: ReadonlySet<string> = new Set([
  'model',
  'custom_llm_provider',
  'api_version',
  'rpm',
  'tpm',
  'weight',
  'order',
  'tags',
  'tag_regex',
  'region_name',
  'timeout',
  'stream_timeout',
  'num_retries',
  'max_retries',
  'max_parallel_requests',
  'drop_params',
  'additional_drop_params',
  ...PRICE_PARAMS,
  'mock_response',
  'model_info',
  'metadata',
  'configurable_clientside_auth_params',
]);

/** Whether a client's body sets any field `clientCredentialOverlay` guards. */
export function hasGuardedField(body: Record<string, unknown>): boolean {
  for (const name in body) if (GUARDED_PARAMS.has(name) && body[name] !== undefined) return true;
  return false;
}

export interface ClientCredentialPolicy {
  /** `general_settings.allow_client_side_credentials` */
  allowAll: boolean;
  /** `general_settings.client_api_base_allowlist`: hosts, addresses or CIDRs a client api_base may reach even if private. */
  apiBaseAllowlist: readonly string[];
  /** How client api_base hosts are resolved (the system resolver by default). */
  resolve?: ResolveHost;
}

// Compiled once per policy (the gateway builds one at start-up), not per request.
const guards = new WeakMap<ClientCredentialPolicy, ApiBaseGuard>();

/** The compiled address checks of a policy; throws on an invalid allow-list entry. */
export function apiBaseGuardOf(policy: ClientCredentialPolicy): ApiBaseGuard {
  let guard = guards.get(policy);
  if (!guard) {
    guard = new ApiBaseGuard({ allowlist: policy.apiBaseAllowlist, resolve: policy.resolve });
    guards.set(policy, guard);
  }
  return guard;
}

/**
 * Takes credential fields out of a client's body and returns what to lay over it. They are refused
 * (400, as LiteLLM's "Rejected Request") unless the config allows them globally or for every
 * deployment of the group (`configurable_clientside_auth_params`). When a client brings its own
 * `api_base`, the call is marked (`llmux_client_supplied_base`) so that it is signed only with what
 * the client sent — nothing from the deployment, the config or the environment — and connects only
 * to addresses the guard accepts; the deployment's own credentials and extras are blanked too.
 */
export async function clientCredentialOverlay(options: {
  body: Record<string, unknown>;
  groupParams: readonly LiteLLMParams[];
  policy: ClientCredentialPolicy;
}): Promise<Record<string, unknown>> {
  const { body, groupParams, policy } = options;
  for (const name of OPERATOR_ONLY_PARAMS) {
    if (body[name] !== undefined) throw rejected(name, 'it can only be set in the proxy config');
  }
  const supplied: Record<string, unknown> = {};
  for (const name of CLIENT_CREDENTIAL_PARAMS) {
    if (body[name] === undefined) continue;
    const allowed =
      policy.allowAll ||
      (groupParams.length > 0 && groupParams.every((params) => deploymentAllows(params, name, body[name])));
    if (!allowed) {
      throw rejected(
        name,
        "enable it with general_settings.allow_client_side_credentials or the deployment's configurable_clientside_auth_params",
      );
    }
    supplied[name] = body[name];
    delete body[name];
  }
  if (Object.keys(supplied).length === 0) return {};
  const clientBase = supplied.api_base ?? supplied.base_url;
  if (clientBase === undefined) return supplied;
  if (typeof clientBase !== 'string') throw rejected('api_base', 'it must be a string');
  const guard = apiBaseGuardOf(policy);
  await guard.checkApiBase(clientBase);
  const overlay: Record<string, unknown> = {};
  for (const params of groupParams)
    for (const name in params) if (!KEPT_UNDER_CLIENT_BASE.has(name)) overlay[name] = undefined;
  for (const name of CLIENT_CREDENTIAL_PARAMS) if (!NON_SECRET_ROUTING_PARAMS.has(name)) overlay[name] = undefined;
  const credentials = { ...supplied, api_base: clientBase, base_url: undefined };
  const marker: ClientSuppliedBase = { credentials, guard };
  // api_key '' (not undefined): a path that loses the marker still never falls back to an environment key.
  const result: Record<string, unknown> = {
    ...overlay,
    ...credentials,
    api_key: (supplied.api_key as string | undefined) ?? '',
    [CLIENT_SUPPLIED_BASE_PARAM]: marker,
  };
  overlayFields.set(marker, Object.keys(result));
  return result;
}

// The names each client-base overlay decided, so a handler that rebuilds a call can carry them all.
const overlayFields = new WeakMap<ClientSuppliedBase, readonly string[]>();

/**
 * The fields of a built call that the overlay decided: the client's credentials and, under a
 * client api_base, the marker and every deployment field it blanked. A handler that rebuilds a
 * call from part of another (`{ ...deploymentCall, ...clientCredentialFields(routed) }`) must lay
 * all of them, or the deployment's secrets come back.
 */
export function clientCredentialFields(routed: Record<string, unknown>): Record<string, unknown> {
  const marker = routed[CLIENT_SUPPLIED_BASE_PARAM] as ClientSuppliedBase | undefined;
  const names = (marker && overlayFields.get(marker)) ?? CLIENT_CREDENTIAL_PARAMS;
  const fields: Record<string, unknown> = {};
  for (const name of names) if (name in routed) fields[name] = routed[name];
  return fields;
}

// configurable_clientside_auth_params patterns, compiled once each (they come from the config only).
const compiledPatterns = new Map<string, RegExp | null>();

/**
 * A `{ api_base: "^https://[^/]*\.example\.com/v1$" }` pattern, matched against the whole value
 * (as if wrapped in `^(?:…)$`): `example\.com` does not match `https://evil.com/?example.com`. A
 * base URL is matched as the URL parser reads it (origin and path, without query, fragment or
 * trailing slash), so `https://evil.com\.example.com` is seen as the `evil.com` it reaches.
 */
function patternMatches(pattern: string, name: string, value: string): boolean {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(`^(?:${pattern})$`);
    } catch {
      compiled = null;
    }
    compiledPatterns.set(pattern, compiled);
  }
  if (compiled === null) return false;
  if (name !== 'api_base' && name !== 'base_url') return compiled.test(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return compiled.test(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}

function deploymentAllows(params: LiteLLMParams, name: string, value: unknown): boolean {
  const allowed = params.configurable_clientside_auth_params;
  if (!Array.isArray(allowed)) return false;
  return allowed.some((entry: unknown) => {
    if (entry === name) return true;
    // LiteLLM's form: { api_base: "^https://.*\\.example\\.com" }
    if (entry && typeof entry === 'object') {
      const pattern = (entry as Record<string, unknown>)[name];
      return typeof pattern === 'string' && typeof value === 'string' && patternMatches(pattern, name, value);
    }
    return false;
  });
}

function rejected(param: string, why: string): BadRequestError {
  return new BadRequestError({
    message: `Rejected Request: ${param} is not allowed in request body; ${why}.`,
    param,
    code: 'rejected_param',
  });
}
