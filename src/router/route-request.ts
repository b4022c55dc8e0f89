import {
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
} from '../errors/catalog.js';
import { LLMuxError } from '../errors/llmux-error.js';
import { sleep } from '../http/with-retries.js';
import type { CancelSignal } from '../spec/cancel-signal.js';
import type { Deployment } from './deployment.js';
import { retriesFor } from './error-kind.js';
import { fallbackGroups } from './fallback-groups.js';
import { mockAttemptFailure } from './mock-attempt-failure.js';
import type { ModelGroupIndex, ModelGroupMatch } from './model-group-index.js';
import { recordFailure } from './record-failure.js';
import type { RouterRequestFields } from './router-options.js';
import type { RouterSettings } from './router-settings.js';
import { isFailFast, selectDeployment } from './select-deployment.js';

/** What the router did for one request; reported on `_hidden_params` and on errors. */
export interface RouteInfo {
  model_group: string;
  model_id: string | undefined;
  attempted_retries: number;
  attempted_fallbacks: number;
  max_retries: number;
}

/** Accounting callbacks of one attempt; a stream calls them as it goes, a plain call at once. */
export interface AttemptHooks {
  /** The first chunk (or the whole answer) arrived: records latency. */
  firstChunk(): void;
  /** The call ended well: frees the in-flight slot and counts its tokens. */
  finish(tokens: number | undefined): void;
  /** The call failed after it started answering: frees the slot and counts the failure. */
  fail(error: unknown): void;
}

export type Invoke<T> = (
  target: { deployment: Deployment; model: string; modelGroup: string },
  hooks: AttemptHooks,
) => Promise<T>;

export interface RouteOptions<T> {
  settings: RouterSettings;
  index: ModelGroupIndex;
  requested: string;
  fields: RouterRequestFields;
  promptTokens: number | undefined;
  signal: CancelSignal | undefined;
  invoke: Invoke<T>;
  /** Filled in as the request goes (a caller's own object, read even when the call fails). */
  info?: RouteInfo | undefined;
  /** Model groups the caller may use (a gateway's key allowlist): a fallback to any other is skipped. */
  allowGroup?: ((modelGroup: string) => boolean) | undefined;
}

const routeInfos = new WeakMap<object, RouteInfo>();

/** The routing facts of an error the router raised (for `x-litellm-*` headers on error answers). */
export function routeInfoOf(error: unknown): RouteInfo | undefined {
  return typeof error === 'object' && error !== null ? routeInfos.get(error) : undefined;
}

/** Runs one request: retries within the model group, then fallback groups, bounded by `max_fallbacks`. */
export async function routeRequest<T>(options: RouteOptions<T>): Promise<{ result: T; info: RouteInfo }> {
  const { settings, requested } = options;
  const match = matchGroup(options.index, requested);
  const info: RouteInfo = options.info ?? emptyRouteInfo();
  info.model_group = match.modelGroup;
  info.max_retries = settings.numRetries;
  try {
    throwMockFailure(options.fields, requested);
    const mock = { error: mockAttemptFailure(options.fields as Record<string, unknown>, requested) };
    return { result: await tryGroup(options, match, info, mock), info };
  } catch (originalError) {
    if (options.signal?.aborted) throw tag(originalError, info);
    const groups = fallbackGroups({
      error: originalError,
      // A deployment asked for by id has fallbacks under its id only, as in LiteLLM.
      names: match.pinned ? [requested] : [requested, match.modelGroup],
      settings,
      request: options.fields,
    }).filter((group) => group !== requested && group !== match.modelGroup);
    for (const group of groups.slice(0, settings.maxFallbacks)) {
      const fallbackMatch = options.index.match(group);
      if (!fallbackMatch || options.allowGroup?.(fallbackMatch.modelGroup) === false) continue;
      info.attempted_fallbacks++;
      info.model_group = fallbackMatch.modelGroup;
      try {
        return { result: await tryGroup(options, fallbackMatch, info), info };
      } catch (error) {
        if (options.signal?.aborted) throw tag(error, info);
      }
    }
    throw tag(originalError, info);
  }
}

/** Route facts before the router has done anything. */
export function emptyRouteInfo(): RouteInfo {
  return { model_group: '', model_id: undefined, attempted_retries: 0, attempted_fallbacks: 0, max_retries: 0 };
}

function matchGroup(index: ModelGroupIndex, requested: string): ModelGroupMatch {
  const match = index.match(requested);
  if (match) return match;
  throw new BadRequestError({
    message: `Invalid model name passed in model=${requested}. No model_name in the router's model_list matches it (model groups: ${index.names().join(', ')}).`,
    param: 'model',
    code: 'invalid_model',
    model: requested,
  });
}

function tag(error: unknown, info: RouteInfo): unknown {
  if (typeof error === 'object' && error !== null) routeInfos.set(error, { ...info });
  return error;
}

/** LiteLLM's `mock_testing_*` fields: the requested group fails so its fallbacks can be tested. */
function throwMockFailure(fields: RouterRequestFields, model: string): void {
  const options = { message: `This is a mock exception for model=${model}, to trigger a fallback.`, model };
  if (fields.mock_testing_fallbacks) throw new InternalServerError(options);
  if (fields.mock_testing_context_fallbacks) throw new ContextWindowExceededError(options);
  if (fields.mock_testing_content_policy_fallbacks) throw new ContentPolicyViolationError(options);
}

async function tryGroup<T>(
  options: RouteOptions<T>,
  match: ModelGroupMatch,
  info: RouteInfo,
  mock?: { error: unknown },
): Promise<T> {
  const { settings } = options;
  const policy = settings.modelGroupRetryPolicy[match.modelGroup] ?? settings.retryPolicy;
  const tried = new Set<string>();
  for (let retries = 0; ; retries++) {
    let deployment: Deployment | undefined;
    try {
      deployment = await selectDeployment({
        settings,
        match,
        tried,
        promptTokens: options.promptTokens,
        tags: options.fields.tags,
        userAgent: options.fields.user_agent,
        allowedRegion: options.fields.allowed_model_region,
      });
      tried.add(deployment.id);
      info.model_id = deployment.id;
      // A mock failure stands in for the first attempt's call: no upstream call, no cooldown.
      if (mock?.error) {
        const error = mock.error;
        mock.error = undefined;
        throw error;
      }
      return await attempt(options, match, deployment);
    } catch (error) {
      if (options.signal?.aborted || isFailFast(error)) throw error;
      if (!deployment) throw error;
      const allowed = retriesFor({ error, numRetries: settings.numRetries, policy });
      if (retries >= allowed) throw error;
      info.attempted_retries++;
      await sleep(await retryDelay({ settings, match, tried, error, retries }), options.signal);
    }
  }
}

async function attempt<T>(options: RouteOptions<T>, match: ModelGroupMatch, deployment: Deployment): Promise<T> {
  const { state } = options.settings;
  const started = Date.now();
  let settled = false;
  const hooks: AttemptHooks = {
    firstChunk: () => void state.recordLatency(deployment.id, Date.now() - started).catch(() => undefined),
    finish: (tokens) => {
      if (settled) return;
      settled = true;
      void state.requestFinished(deployment.id).catch(() => undefined);
      if (tokens) void state.addTokens(deployment.id, tokens).catch(() => undefined);
    },
    fail: (error) => {
      if (settled) return;
      settled = true;
      void state.requestFinished(deployment.id).catch(() => undefined);
      if (!options.signal?.aborted) void recordFailure({ settings: options.settings, match, deployment, error });
    },
  };
  await state.requestStarted(deployment.id);
  try {
    const target = { deployment, model: match.modelFor(deployment), modelGroup: match.modelGroup };
    return await options.invoke(target, hooks);
  } catch (error) {
    if (!settled) {
      settled = true;
      await state.requestFinished(deployment.id).catch(() => undefined);
      if (!options.signal?.aborted) await recordFailure({ settings: options.settings, match, deployment, error });
    }
    throw error;
  }
}

/**
 * None when another healthy deployment is left to try; otherwise the upstream's Retry-After, else
 * exponential backoff from 0.5 s, at least `retry_after`, never beyond a minute.
 */
async function retryDelay(options: {
  settings: RouterSettings;
  match: ModelGroupMatch;
  tried: ReadonlySet<string>;
  error: unknown;
  retries: number;
}): Promise<number> {
  const { settings, match, tried, error, retries } = options;
  const ids = match.deployments.map((deployment) => deployment.id);
  const cooling = await settings.state.coolingDown(ids);
  if (ids.some((id) => !cooling.has(id) && !tried.has(id))) return 0;
  const upstream = error instanceof LLMuxError ? error.retryAfter : undefined;
  const backoff = Math.min(8_000, 500 * 2 ** retries) * (0.75 + Math.random() * 0.25);
  const wait = upstream === undefined ? backoff : upstream * 1000;
  return Math.min(60_000, Math.max(settings.retryAfterSeconds * 1000, wait));
}
