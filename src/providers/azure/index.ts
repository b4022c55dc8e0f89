import { AuthenticationError, BadRequestError } from '../../errors/index.js';
import { readEnv } from '../../http/read-env.js';
import { CLIENT_SUPPLIED_BASE_PARAM } from '../../spec/litellm-params.js';
import type { CallContext, Provider } from '../../spec/provider.js';
import type { ProviderId } from '../../spec/provider-ids.js';
import {
  applyOpenAIReasoningRules,
  isOpenAIReasoningModel,
  OPENAI_REASONING_UNSUPPORTED,
} from '../openai/openai-reasoning-rules.js';
import { openaiCompatible } from '../openai-compatible/openai-compatible-provider.js';

/** The api-version used when neither the call nor `AZURE_API_VERSION` names one. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/**
 * Azure OpenAI: `{api_base}/openai/deployments/{deployment}/{endpoint}?api-version=…`, the key in an
 * `api-key` header, or an Entra ID token (`azure_ad_token`) as a bearer.
 */
export const azureProvider: Provider = openaiCompatible({
  id: 'azure' satisfies ProviderId,
  apiKeyEnv: ['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY'],
  apiBaseEnv: ['AZURE_API_BASE', 'AZURE_OPENAI_ENDPOINT'],
  requiresApiKey: false,
  unsupportedParams: (modelId) => (isOpenAIReasoningModel(modelId) ? OPENAI_REASONING_UNSUPPORTED : []),
  embeddings: true,
  textCompletions: true,
  authHeaders: (apiKey) => ({ 'api-key': apiKey }),
  headers: azureAuthHeaders,
  endpointUrl: azureEndpointUrl,
  // Azure routes on the deployment in the path; the body's model is informational.
  transformRequest: applyOpenAIReasoningRules,
});

function azureAuthHeaders(context: CallContext): Record<string, string> {
  const token = context.params.azure_ad_token ?? readAzureAdTokenEnv(context);
  if (token) return { authorization: `Bearer ${token}` };
  if (!context.apiKey) {
    throw new AuthenticationError({
      message: 'azure needs an api_key (AZURE_API_KEY) or an azure_ad_token (AZURE_AD_TOKEN)',
      provider: 'azure',
      model: context.modelId,
    });
  }
  return {};
}

function readAzureAdTokenEnv(context: CallContext): string | undefined {
  // A key given for this call wins over an ambient token, even an empty one (a gateway blanks the
  // keys a call must not use); a base URL a gateway's client chose never gets the server's token
  // (it would travel, as a bearer, to the client's host).
  if (context.params.api_key !== undefined || context.params[CLIENT_SUPPLIED_BASE_PARAM] !== undefined) {
    return undefined;
  }
  return readEnv('AZURE_AD_TOKEN');
}

function azureEndpointUrl(context: CallContext, endpoint: string): string {
  if (!context.apiBase) {
    throw new BadRequestError({
      message: 'azure needs an api_base (AZURE_API_BASE), e.g. https://my-resource.openai.azure.com',
      provider: 'azure',
      model: context.modelId,
      param: 'api_base',
    });
  }
  const base = context.apiBase.replace(/\/openai$/, '');
  const version = encodeURIComponent(context.apiVersion ?? readEnv('AZURE_API_VERSION') ?? AZURE_DEFAULT_API_VERSION);
  return `${base}/openai/deployments/${encodeURIComponent(context.modelId)}/${endpoint}?api-version=${version}`;
}
