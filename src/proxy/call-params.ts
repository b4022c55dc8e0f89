import { BadRequestError } from '../errors/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import { applyClientCredentials, type ClientCredentialPolicy } from './client-credentials.js';
import type { DeploymentChoice, ModelGroups } from './model-groups.js';

/** Defaults from `litellm_settings` that apply to every call. */
export interface CallDefaults {
  drop_params?: boolean;
  num_retries?: number;
  timeout?: number;
}

/** Chooses the deployment for `model` or answers 400 like LiteLLM does for an unknown model. */
export function chooseDeployment(groups: ModelGroups, model: unknown, route: string): DeploymentChoice {
  if (typeof model !== 'string' || model === '') {
    throw new BadRequestError({ message: `${route}: 'model' is required`, param: 'model', code: 'invalid_model' });
  }
  const choice = groups.choose(model);
  if (!choice) {
    throw new BadRequestError({
      message: `${route}: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models.`,
      param: 'model',
      code: 'invalid_model',
      model,
    });
  }
  return choice;
}

/**
 * The SDK call for one request: settings defaults, then the deployment's `litellm_params`, then the
 * client's body (credentials only where allowed), with the deployment's model.
 */
export async function buildCallParams(options: {
  body: Record<string, unknown>;
  choice: DeploymentChoice;
  defaults: CallDefaults;
  policy: ClientCredentialPolicy;
}): Promise<Record<string, unknown> & LiteLLMParams & { model: string }> {
  const { body, choice, defaults, policy } = options;
  const deploymentParams = await applyClientCredentials({ body, deploymentParams: choice.deployment.params, policy });
  return { ...defaults, ...deploymentParams, ...body, model: choice.model };
}
