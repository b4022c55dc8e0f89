import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { BadRequestError } from '../errors/index.js';
import { CREDENTIAL_PARAMS, type LiteLLMParams } from '../spec/litellm-params.js';

/** Body fields only an operator may set: prices and internal plumbing. */
const OPERATOR_ONLY_PARAMS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'input_cost_per_second',
  'output_cost_per_second',
  'litellm_logging_obj',
  'model_info',
  'configurable_clientside_auth_params',
] as const;

const GUARDED_PARAMS: ReadonlySet<string> = new Set([...OPERATOR_ONLY_PARAMS, ...CREDENTIAL_PARAMS]);

/** Whether a client's body sets any field `clientCredentialOverlay` guards. */
export function hasGuardedField(body: Record<string, unknown>): boolean {
  for (const name in body) if (GUARDED_PARAMS.has(name) && body[name] !== undefined) return true;
  return false;
}

export interface ClientCredentialPolicy {
  /** `general_settings.allow_client_side_credentials` */
  allowAll: boolean;
  /** `general_settings.client_api_base_allowlist`: hosts or CIDRs a client api_base may reach even if private. */
  apiBaseAllowlist: readonly string[];
}

/**
 * Takes credential fields out of a client's body and returns what to lay over it. They are refused
 * (400, as LiteLLM's "Rejected Request") unless the config allows them globally or for every
 * deployment of the group (`configurable_clientside_auth_params`). When a client brings its own
 * `api_base`, the deployment's key and credentials are blanked: provider keys never travel to a
 * caller's URL.
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
  for (const name of CREDENTIAL_PARAMS) {
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
  await assertSafeApiBase(clientBase, policy.apiBaseAllowlist);
  const overlay: Record<string, unknown> = {};
  for (const name of CREDENTIAL_PARAMS) overlay[name] = undefined;
  // '' (not undefined) so the SDK does not fall back to the server's environment key either.
  return {
    ...overlay,
    ...supplied,
    api_base: clientBase,
    base_url: undefined,
    api_key: (supplied.api_key as string | undefined) ?? '',
  };
}

function deploymentAllows(params: LiteLLMParams, name: string, value: unknown): boolean {
  const allowed = params.configurable_clientside_auth_params;
  if (!Array.isArray(allowed)) return false;
  return allowed.some((entry: unknown) => {
    if (entry === name) return true;
    // LiteLLM's form: { api_base: "^https://.*\\.example\\.com" }
    if (entry && typeof entry === 'object' && typeof (entry as Record<string, unknown>)[name] === 'string') {
      return typeof value === 'string' && new RegExp((entry as Record<string, string>)[name] as string).test(value);
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

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}
const BLOCKED_HOSTNAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|instance-data|.*\.internal)$/i;

/**
 * A client-supplied base URL must be http(s) and must not reach loopback, private, link-local or
 * cloud-metadata addresses (checked on the name and on every address it resolves to), unless the
 * allow-list names the host or a network containing it.
 */
export async function assertSafeApiBase(apiBase: string, allowlist: readonly string[]): Promise<void> {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw rejected('api_base', 'it is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw rejected('api_base', 'only http and https are allowed');
  if (url.username || url.password) throw rejected('api_base', 'credentials in the URL are not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowlist.includes(host)) return;
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  const allowed = allowlistBlock(allowlist);
  for (const address of addresses) {
    const family: 'ipv4' | 'ipv6' = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const mapped = family === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
    const [checked, checkedFamily]: [string, 'ipv4' | 'ipv6'] = mapped ? [mapped, 'ipv4'] : [address, family];
    if (allowed.check(checked, checkedFamily)) continue;
    if (BLOCKED.check(checked, checkedFamily))
      throw rejected('api_base', `it points at a private or local address (${host})`);
  }
  if (!isIP(host) && BLOCKED_HOSTNAMES.test(host))
    throw rejected('api_base', `it points at a local or metadata host (${host})`);
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    throw rejected('api_base', `its host (${host}) does not resolve`);
  }
}

function allowlistBlock(allowlist: readonly string[]): BlockList {
  const block = new BlockList();
  for (const entry of allowlist) {
    const [network, prefix] = entry.split('/');
    const family = isIP(network ?? '');
    if (!network || family === 0) continue;
    const type = family === 6 ? ('ipv6' as const) : ('ipv4' as const);
    if (prefix === undefined) block.addAddress(network, type);
    else block.addSubnet(network, Number(prefix), type);
  }
  return block;
}
