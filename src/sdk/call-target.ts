import { AuthenticationError, BadRequestError } from '../errors/index.js';
import { readFirstEnv } from '../http/read-env.js';
import { resolveModel } from '../providers/registry.js';
import { CLIENT_SUPPLIED_BASE_PARAM, type ClientSuppliedBase, type LiteLLMParams } from '../spec/litellm-params.js';
import type { CallContext, Provider } from '../spec/provider.js';
import { paramsForClientSuppliedBase } from './client-supplied-base.js';

/**
 * Where one call goes and what signs it: the provider, its model id, credentials and base URL.
 * Resolved once per router deployment (or once per SDK call), never per attempt.
 */
export interface CallTarget
  extends Pick<CallContext, 'modelId' | 'apiKey' | 'apiBase' | 'apiVersion' | 'headers' | 'params'> {
  provider: Provider;
  /** Set when a gateway's client chose the api_base: every connection is checked against its guard. */
  clientBase: ClientSuppliedBase | undefined;
}

/**
 * Finds the provider and the credentials: the call's fields first, then the environment. A call
 * whose api_base a gateway's client chose (`llmux_client_supplied_base`) takes its credentials from
 * the client alone, never from the environment.
 */
export function resolveTarget(model: string, callParams: LiteLLMParams): CallTarget {
  const clientBase = callParams[CLIENT_SUPPLIED_BASE_PARAM];
  const litellm = clientBase ? paramsForClientSuppliedBase(callParams, clientBase) : callParams;
  const { provider, modelId } = resolveModel(model, litellm.custom_llm_provider);
  const apiKey = clientBase ? litellm.api_key : (litellm.api_key ?? readFirstEnv(provider.apiKeyEnv));
  if (provider.requiresApiKey && !apiKey) {
    throw new AuthenticationError({
      message: `Missing API key for ${provider.id}: pass api_key or set ${provider.apiKeyEnv.join(' or ')}`,
      provider: provider.id,
      model: modelId,
    });
  }
  const apiBase = clientBase
    ? clientBase.credentials.api_base
    : (litellm.api_base ?? litellm.base_url ?? readFirstEnv(provider.apiBaseEnv) ?? provider.defaultApiBase);
  if (!apiBase) {
    throw new BadRequestError({
      message: `${provider.id} needs an api_base${provider.apiBaseEnv[0] ? ` (or ${provider.apiBaseEnv[0]})` : ''}`,
      provider: provider.id,
      model: modelId,
      param: 'api_base',
    });
  }
  return {
    provider,
    modelId,
    apiKey,
    apiBase: apiBase.replace(/\/+$/, ''),
    apiVersion: litellm.api_version,
    headers: { ...litellm.headers, ...litellm.extra_headers },
    params: litellm,
    clientBase,
  };
}
