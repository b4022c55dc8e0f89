import { findRegisteredByKey } from './litellm-cost-map.js';
import { PROVIDER_SOURCES } from './provider-sources.js';

/** A model string split into the llmux provider id and the provider's model id. */
export interface ModelName {
  provider: string;
  modelId: string;
}

// Bare names LiteLLM routes without a prefix; everything else bare is OpenAI's.
const BARE_MODEL_PROVIDERS: readonly [RegExp, string][] = [
  [/^claude-/, 'anthropic'],
  [/^(models\/)?gemini-/, 'gemini'],
];

function isKnownProvider(id: string): boolean {
  return Object.hasOwn(PROVIDER_SOURCES, id);
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
    if (isKnownProvider(prefix)) return { provider: prefix, modelId: model.slice(slash + 1) };
    const registered = findRegisteredByKey(model);
    if (registered) return { provider: registered.provider, modelId: registered.modelId };
  }
  for (const [pattern, id] of BARE_MODEL_PROVIDERS) if (pattern.test(model)) return { provider: id, modelId: model };
  const registered = findRegisteredByKey(model);
  if (registered) return { provider: registered.provider, modelId: registered.modelId };
  return { provider: 'openai', modelId: model };
}
