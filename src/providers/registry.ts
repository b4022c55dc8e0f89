import { BadRequestError } from '../errors/index.js';
import type { Provider } from '../spec/provider.js';
import { type AnyProviderId, BARE_MODEL_DEFAULT_PROVIDER, bareModelProvider } from '../spec/provider-ids.js';
import { anthropicProvider } from './anthropic/index.js';
import { azureProvider } from './azure/index.js';
import { geminiProvider } from './gemini/index.js';
import { openaiProvider } from './openai/index.js';
import { COMPATIBLE_PROVIDERS } from './openai-compatible/compatible-table.js';
import { openaiCompatible } from './openai-compatible/openai-compatible-provider.js';

const providers = new Map<AnyProviderId, Provider>();

/**
 * Adds a provider (or replaces one with the same id); users can register their own under any id.
 * @example registerProvider({ ...myProvider, id: 'my_vendor' })
 */
export function registerProvider(provider: Provider): void {
  providers.set(provider.id, provider);
}

/** The providers llmux ships; their ids are exactly `PROVIDER_IDS` (checked by a test). */
export const BUILT_IN_PROVIDERS: readonly Provider[] = [
  openaiProvider,
  azureProvider,
  anthropicProvider,
  geminiProvider,
  ...COMPATIBLE_PROVIDERS.map((row) => openaiCompatible(row)),
];

for (const provider of BUILT_IN_PROVIDERS) registerProvider(provider);

/** The provider with this id, if registered. */
export function getProvider(id: AnyProviderId): Provider | undefined {
  return providers.get(id);
}

/** Every registered provider id, sorted. */
export function listProviderIds(): AnyProviderId[] {
  return [...providers.keys()].sort();
}

export interface ResolvedModel {
  provider: Provider;
  /** The provider's own model id. */
  modelId: string;
}

/**
 * Splits `provider/model-id` (or honours `custom_llm_provider`); a bare name is OpenAI's,
 * except bare `claude-*` and `gemini-*` names, as in LiteLLM.
 */
export function resolveModel(model: string, customProvider?: AnyProviderId): ResolvedModel {
  if (customProvider) {
    const provider = providers.get(customProvider);
    if (!provider) throw unknownProvider(customProvider, model);
    const prefix = `${customProvider}/`;
    return { provider, modelId: model.startsWith(prefix) ? model.slice(prefix.length) : model };
  }
  const slash = model.indexOf('/');
  if (slash > 0) {
    const provider = providers.get(model.slice(0, slash));
    if (provider) return { provider, modelId: model.slice(slash + 1) };
    throw unknownProvider(model.slice(0, slash), model);
  }
  const provider = providers.get(bareModelProvider(model) ?? BARE_MODEL_DEFAULT_PROVIDER) ?? openaiProvider;
  return { provider, modelId: model };
}

function unknownProvider(id: string, model: string): BadRequestError {
  return new BadRequestError({
    message: `LLM Provider NOT provided or unknown: '${id}' in model=${model}. Pass model as 'provider/model-id', e.g. 'anthropic/claude-sonnet-4-5'. Known providers: ${listProviderIds().join(', ')}`,
    model,
    param: 'model',
    code: 'invalid_model',
  });
}
