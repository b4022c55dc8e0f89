import { BadRequestError, ContextWindowExceededError } from '../errors/catalog.js';
import { findModelInfo } from '../models/index.js';
import type { Deployment } from './deployment.js';

/**
 * Tag routing as LiteLLM: deployments with any of the request's tags, or whose `tag_regex` matches
 * `User-Agent: <the client's user agent>`; else those tagged `default`. Request tags that nothing
 * serves are an error; a user agent that no regex matches leaves every deployment in play.
 */
export function filterByTags(options: {
  deployments: Deployment[];
  requestTags: string[] | undefined;
  userAgent?: string | undefined;
  modelGroup: string;
}): Deployment[] {
  const { deployments, requestTags, modelGroup } = options;
  const hasTags = requestTags !== undefined && requestTags.length > 0;
  const header = options.userAgent ? `User-Agent: ${options.userAgent}` : undefined;
  const tagged = (tag: string) => deployments.filter((deployment) => deployment.tags.includes(tag));
  if (hasTags || header !== undefined) {
    const matching = deployments.filter(
      (deployment) =>
        (hasTags && deployment.tags.some((tag) => requestTags.includes(tag))) ||
        (header !== undefined && deployment.tagRegex.some((regex) => regex.test(header))),
    );
    if (matching.length > 0) return matching;
  }
  const defaults = tagged('default');
  if (defaults.length > 0 || !hasTags) return defaults.length > 0 ? defaults : deployments;
  throw new BadRequestError({
    message: `No deployment of model group '${modelGroup}' has any of the tags ${JSON.stringify(requestTags)}`,
    param: 'tags',
    model: modelGroup,
    code: 'no_deployment_for_tags',
  });
}

/** The context window of a deployment: its `model_info`, else the price table; `undefined` when unknown. */
export function contextWindow(deployment: Deployment, model: string): number | undefined {
  const own = deployment.modelInfo['max_input_tokens'] ?? deployment.modelInfo['max_tokens'];
  if (typeof own === 'number' && own > 0) return own;
  const baseModel = deployment.modelInfo['base_model'];
  const info = findModelInfo(typeof baseModel === 'string' ? baseModel : model, {
    provider: deployment.params.custom_llm_provider,
  });
  return info?.max_input_tokens ?? undefined;
}

/** `enable_pre_call_checks`: drops deployments whose context window is too small or region not allowed. */
export function preCallChecks(options: {
  deployments: Deployment[];
  modelGroup: string;
  modelFor: (deployment: Deployment) => string;
  promptTokens: number | undefined;
  allowedRegion: string | undefined;
}): Deployment[] {
  const { modelGroup, promptTokens, allowedRegion } = options;
  let deployments = options.deployments;
  if (promptTokens !== undefined) {
    const fitting = deployments.filter((deployment) => {
      const window = contextWindow(deployment, options.modelFor(deployment));
      return window === undefined || promptTokens <= window;
    });
    if (fitting.length === 0) {
      throw new ContextWindowExceededError({
        message: `The prompt (${promptTokens} tokens) does not fit the context window of any deployment of model group '${modelGroup}'`,
        model: modelGroup,
        code: 'context_length_exceeded',
      });
    }
    deployments = fitting;
  }
  if (allowedRegion) {
    const allowed = deployments.filter((deployment) => regionAllowed(deployment.params.region_name, allowedRegion));
    if (allowed.length === 0) {
      throw new BadRequestError({
        message: `No deployment of model group '${modelGroup}' is in allowed_model_region '${allowedRegion}'`,
        model: modelGroup,
        param: 'allowed_model_region',
      });
    }
    deployments = allowed;
  }
  return deployments;
}

const EU_REGIONS = /^(eu|europe|westeurope|northeurope|france|germany|sweden|switzerland|italy|poland|spain|norway)/i;
const US_REGIONS = /^(us|eastus|westus|centralus|northcentralus|southcentralus|westcentralus)/i;

/** LiteLLM's `allowed_model_region`: a deployment without `region_name` is never in a restricted region. */
export function regionAllowed(regionName: string | undefined, allowedRegion: string): boolean {
  if (!regionName) return false;
  const region = regionName.toLowerCase();
  const wanted = allowedRegion.toLowerCase();
  if (region === wanted || region.startsWith(`${wanted}-`)) return true;
  if (wanted === 'eu') return EU_REGIONS.test(region);
  if (wanted === 'us') return US_REGIONS.test(region);
  return false;
}
