import { BARE_MODEL_DEFAULT_PROVIDER, bareModelProvider } from '../spec/provider-ids.js';
import { findRegisteredByKey } from './litellm-cost-map.js';
import { isCatalogProvider } from './provider-sources.js';

/** A model string split into the llmux provider id and the provider's model id. */
export interface ModelName {
  provider: string;
  modelId: string;
}

/**
 * Splits `provider/model-id` the way the provider registry does; `provider` wins when given. A bare
 * name is OpenAI's, except bare `claude-*` (Anthropic) and `gemini-*` (Gemini). A prefix that is not
 * a known provider is kept in the id if a registered LiteLLM map declares that key.
 * @example splitModelName('groq/llama-3.3-70b-versatile') // { provider: 'groq', modelId: 'llama-3.3-70b-versatile' }
 */
export function splitModelName(model: string, provider?: string): ModelName {
  if (provider) {
    const prefix = `${provider}/`;
    return { provider, modelId: model.startsWith(prefix) ? model.slice(prefix.length) : model };
  }
  const slash = model.indexOf('/');
  if (slash > 0) {
    const prefix = model.slice(0, slash);
    if (isCatalogProvider(prefix)) return { provider: prefix, modelId: model.slice(slash + 1) };
    const registered = findRegisteredByKey(model);
    if (registered) return { provider: registered.provider, modelId: registered.modelId };
  }
  const bare = bareModelProvider(model);
  if (bare) return { provider: bare, modelId: model };
  const registered = findRegisteredByKey(model);
  if (registered) return { provider: registered.provider, modelId: registered.modelId };
  return { provider: BARE_MODEL_DEFAULT_PROVIDER, modelId: model };
}
