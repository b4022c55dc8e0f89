import { BadRequestError } from '../errors/index.js';
import type { ModelGroupMatch, Router } from '../router/index.js';
import { type ClientCredentialPolicy, clientCredentialOverlay, hasGuardedField } from './client-credentials.js';

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
      message: `${route}: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models.`,
      param: 'model',
      code: 'invalid_model',
      model,
    });
  }
  return match;
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
}): Promise<Record<string, unknown> & { model: string }> {
  const { body, match, defaults, policy } = options;
  // Almost every body carries neither credentials nor operator-only fields: skip the guard's work.
  if (!hasGuardedField(body)) return { ...defaults, ...body, model: options.model };
  const overlay = await clientCredentialOverlay({
    body,
    groupParams: match.deployments.map((deployment) => deployment.params),
    policy,
  });
  return { ...defaults, ...body, ...overlay, model: options.model };
}
