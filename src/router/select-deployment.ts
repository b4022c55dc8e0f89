import { RateLimitError } from '../errors/catalog.js';
import type { Deployment } from './deployment.js';
import { filterByTags, preCallChecks } from './deployment-filters.js';
import type { ModelGroupMatch } from './model-group-index.js';
import type { RouterSettings } from './router-settings.js';
import { rankDeployments } from './routing-strategies.js';

/** Errors the router raised itself because no deployment could take the call: never retried. */
const failFastErrors = new WeakSet<object>();

export function isFailFast(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failFastErrors.has(error);
}

function failFast(message: string, modelGroup: string, retryAfter: number | undefined): RateLimitError {
  const error = new RateLimitError({ message, model: modelGroup, code: 'no_deployments_available', retryAfter });
  failFastErrors.add(error);
  return error;
}

export interface SelectOptions {
  settings: RouterSettings;
  match: ModelGroupMatch;
  /** Deployments already tried for this request: others are preferred while any is healthy. */
  tried: ReadonlySet<string>;
  promptTokens: number | undefined;
  tags: string[] | undefined;
  /** The client's `User-Agent`, for `tag_regex`. */
  userAgent?: string | undefined;
  allowedRegion: string | undefined;
}

/**
 * Chooses the deployment for one attempt: healthy (not cooling), matching tags, passing pre-call
 * checks, untried if possible, from the best `order` tier that has room, ranked by the strategy.
 * Its request is counted (atomically against `rpm` for the usage-based strategies).
 */
export async function selectDeployment(options: SelectOptions): Promise<Deployment> {
  const { settings, match, tried } = options;
  const { modelGroup } = match;
  const all = match.deployments;
  // A deployment asked for by id is used as it is, as LiteLLM does: its cooldown and tags do not apply.
  if (match.pinned && all.length === 1) {
    const only = all[0] as Deployment;
    await settings.state.reserveRequest(only.id, undefined);
    return only;
  }
  const cooling = await settings.state.coolingDown(match.ids);
  let candidates = cooling.size === 0 ? all : all.filter((deployment) => !cooling.has(deployment.id));
  if (candidates.length === 0) {
    throw failFast(
      `No deployments available for model group '${modelGroup}': all ${all.length} deployment(s) are cooling down after failures. Try again in ${settings.cooldownSeconds} seconds.`,
      modelGroup,
      settings.cooldownSeconds,
    );
  }
  if (settings.tagFiltering)
    candidates = filterByTags({
      deployments: candidates,
      requestTags: options.tags,
      userAgent: options.userAgent,
      modelGroup,
    });
  if (settings.preCallChecks) {
    candidates = preCallChecks({
      deployments: candidates,
      modelGroup,
      modelFor: match.modelFor,
      promptTokens: options.promptTokens,
      allowedRegion: options.allowedRegion,
    });
  }
  if (tried.size > 0) {
    const untried = candidates.filter((deployment) => !tried.has(deployment.id));
    if (untried.length > 0) candidates = untried;
  }
  const chosen = await reserveFromTiers(options, candidates);
  if (chosen) return chosen;
  throw failFast(
    `No deployments available for model group '${modelGroup}': every deployment has reached its rpm/tpm limit for this minute.`,
    modelGroup,
    60 - new Date().getUTCSeconds(),
  );
}

async function reserveFromTiers(options: SelectOptions, candidates: Deployment[]): Promise<Deployment | undefined> {
  const { settings, match } = options;
  const limited = settings.strategy === 'usage-based-routing' || settings.strategy === 'usage-based-routing-v2';
  // One candidate (the common single-deployment group): nothing to rank, unless usage limits apply.
  if (candidates.length === 1 && !limited) {
    const only = candidates[0] as Deployment;
    return (await settings.state.reserveRequest(only.id, undefined)) ? only : undefined;
  }
  const tiers = [...new Set(candidates.map((deployment) => deployment.order))].sort((a, b) => a - b);
  for (const tier of tiers) {
    const ranked = await rankDeployments({
      strategy: settings.strategy,
      deployments: candidates.filter((deployment) => deployment.order === tier),
      state: settings.state,
      random: settings.random,
      modelFor: match.modelFor,
      promptTokens: options.promptTokens ?? 0,
      latencyBuffer: settings.latencyBuffer,
      latencyTtlMs: settings.latencyTtlMs,
    });
    for (const deployment of ranked) {
      if (await settings.state.reserveRequest(deployment.id, limited ? deployment.rpm : undefined)) return deployment;
    }
  }
  return undefined;
}
