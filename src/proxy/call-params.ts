import { BadRequestError } from '../errors/index.js';
import type { ModelGroupMatch, Router } from '../router/index.js';
import { type ClientCredentialPolicy, clientCredentialOverlay, hasGuardedField } from './client-credentials.js';
import type { GatewayRequest } from './gateway-types.js';

/** Defaults from `litellm_settings` that apply to every call (retries and timeouts belong to the router). */
export interface CallDefaults {
  drop_params?: boolean;
}

/** The model group for `model`, or the 400 LiteLLM answers for an unknown model. */
export function requireModelGroup(router: Router, model: unknown, route: string): ModelGroupMatch {
  if (typeof model !== 'string' || model === '') {
    throw new BadRequestError({ message: `${route}: 'model' is required`, param: 'model', code: 'invalid_model' });
  }
  const match = router.match(model);
  if (!match) {
    throw new BadRequestError({
      // A client's value is echoed cut short: an error must not hand a megabyte back.
      message: `${route}: Invalid model name passed in model=${shortened(model)}. Call \`/v1/models\` to view available models.`,
      param: 'model',
      code: 'invalid_model',
      model: shortened(model),
    });
  }
  return match;
}

function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/**
 * The router call for one request: settings defaults, then the client's body (credentials only
 * where allowed, with the deployment's own blanked when the client brings an api_base).
 */
export async function buildCallParams(options: {
  body: Record<string, unknown>;
  model: string;
  match: ModelGroupMatch;
  defaults: CallDefaults;
  policy: ClientCredentialPolicy;
  /** The request's headers: `x-litellm-timeout` and `x-litellm-num-retries` set call fields. */
  headers?: GatewayRequest['headers'];
  /** The configured retries: a request may ask for fewer, never more. */
  maxRetries?: number;
}): Promise<Record<string, unknown> & { model: string }> {
  const { body, match, defaults, policy } = options;
  let params: Record<string, unknown> & { model: string };
  // Almost every body carries neither credentials nor operator-only fields: skip the guard's work.
  if (!hasGuardedField(body)) params = { ...defaults, ...body, model: options.model };
  else {
    const overlay = await clientCredentialOverlay({
      body,
      groupParams: match.deployments.map((deployment) => deployment.params),
      policy,
    });
    params = { ...defaults, ...body, ...overlay, model: options.model };
  }
  if (options.headers) applyLitellmHeaders(params, options.headers);
  if (options.maxRetries !== undefined) capRetries(params, options.maxRetries);
  if (options.headers) applyRoutingHeaders(params, options.headers);
  return params;
}

/** LiteLLM's request headers that set call fields; a header wins over the body, as in LiteLLM. */
function applyLitellmHeaders(params: Record<string, unknown>, headers: GatewayRequest['headers']): void {
  const timeout = headers['x-litellm-timeout'];
  if (timeout !== undefined) params.timeout = headerNumber('x-litellm-timeout', timeout);
  const streamTimeout = headers['x-litellm-stream-timeout'];
  if (streamTimeout !== undefined) params.stream_timeout = headerNumber('x-litellm-stream-timeout', streamTimeout);
  const retries = headers['x-litellm-num-retries'];
  if (retries !== undefined) params.num_retries = Math.floor(headerNumber('x-litellm-num-retries', retries));
}

function headerNumber(name: string, value: string | string[]): number {
  const number = Number(Array.isArray(value) ? value[0] : value);
  if (value === '' || !Number.isFinite(number) || number < 0) {
    throw new BadRequestError({ message: `${name} must be a non-negative number`, param: name });
  }
  return number;
}

/**
 * `num_retries` / `max_retries` from the body or `x-litellm-num-retries` never exceed the configured
 * retries: stricter than LiteLLM on purpose, so a caller cannot multiply upstream calls.
 */
function capRetries(params: Record<string, unknown>, maxRetries: number): void {
  for (const name of RETRY_FIELDS) {
    const value = params[name];
    if (value === undefined) continue;
    const number = typeof value === 'string' && value !== '' ? Number(value) : value;
    const valid = typeof number === 'number' && Number.isFinite(number);
    params[name] = valid ? Math.min(Math.max(0, Math.floor(number)), maxRetries) : undefined;
  }
}

const RETRY_FIELDS = ['num_retries', 'max_retries'] as const;

/**
 * Tag routing from headers, as LiteLLM: `x-litellm-tags` (comma-separated) joins the body's `tags`
 * (or `metadata.tags`); `User-Agent` is what deployments' `tag_regex` match. Neither reaches the provider.
 */
function applyRoutingHeaders(params: Record<string, unknown>, headers: GatewayRequest['headers']): void {
  const userAgent = headers['user-agent'];
  if (typeof userAgent === 'string' && userAgent !== '') params.user_agent = userAgent;
  const header = headers['x-litellm-tags'];
  if (header === undefined) return;
  const fromHeader = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  if (fromHeader.length === 0) return;
  const metadata = params.metadata as { tags?: unknown } | undefined;
  const fromBody = Array.isArray(params.tags) ? params.tags : Array.isArray(metadata?.tags) ? metadata.tags : [];
  params.tags = [...new Set([...fromBody, ...fromHeader])];
}

/**
 * The tag-routing fields of built call params (`tags`, `user_agent`), for a handler that builds its
 * router call from other fields (the /v1/messages translation and native pass-through).
 */
export function routingFields(params: Record<string, unknown>): { tags?: string[]; user_agent?: string } {
  const fields: { tags?: string[]; user_agent?: string } = {};
  if (Array.isArray(params.tags)) fields.tags = params.tags.filter((tag): tag is string => typeof tag === 'string');
  if (typeof params.user_agent === 'string') fields.user_agent = params.user_agent;
  return fields;
}
