import { providerSources } from './provider-sources.js';

/** One entry of LiteLLM's `model_prices_and_context_window.json` (prices in USD per token). */
export interface LiteLLMModelCostEntry {
  litellm_provider?: string;
  mode?: string;
  max_tokens?: number;
  max_input_tokens?: number;
  max_output_tokens?: number;
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  cache_read_input_token_cost?: number;
  cache_creation_input_token_cost?: number;
  output_cost_per_reasoning_token?: number;
  supports_function_calling?: boolean;
  supports_parallel_function_calling?: boolean;
  supports_vision?: boolean;
  supports_reasoning?: boolean;
  supports_response_schema?: boolean;
  supports_prompt_caching?: boolean;
  supports_system_messages?: boolean;
  [field: string]: unknown;
}

/** LiteLLM's model cost map: model key (`gpt-4o`, `azure/gpt-4o`, `gemini/gemini-2.5-pro`) → entry. */
export type LiteLLMModelCostMap = Record<string, LiteLLMModelCostEntry>;

/** A registered entry with the key it was registered under. */
export interface RegisteredModel {
  key: string;
  provider: string;
  modelId: string;
  entry: LiteLLMModelCostEntry;
}

const byKey = new Map<string, RegisteredModel>();
const byProviderModel = new Map<string, RegisteredModel>();
let version = 0;

/**
 * LiteLLM's provider names for one provider's map sections (`vertex_ai-language-models`,
 * `bedrock_converse`, `text-completion-openai`) folded to the llmux provider id.
 */
export function canonicalProvider(provider: string): string {
  if (provider.startsWith('vertex_ai')) return 'vertex_ai';
  if (provider.startsWith('bedrock')) return 'bedrock';
  if (provider === 'text-completion-openai') return 'openai';
  if (provider === 'azure_text') return 'azure';
  if (provider === 'cohere_chat') return 'cohere';
  if (provider === 'ollama_chat') return 'ollama';
  if (provider === 'text-completion-codestral') return 'codestral';
  const dash = provider.indexOf('-');
  return dash > 0 && !provider.startsWith('text-') ? provider.slice(0, dash) : provider;
}

/** The lookup key of a provider's model: canonical provider plus the provider's canonical, lower-cased id. */
export function providerModelKey(provider: string, modelId: string): string {
  const canonical = canonicalProvider(provider);
  const spelled = providerSources(canonical).canonicalModelId?.(modelId) ?? modelId;
  return `${canonical}\u0000${spelled.toLowerCase()}`;
}

function splitKey(key: string, entry: LiteLLMModelCostEntry): { provider: string; modelId: string } {
  const declared = typeof entry.litellm_provider === 'string' ? entry.litellm_provider : undefined;
  const slash = key.indexOf('/');
  const prefix = slash > 0 ? key.slice(0, slash) : undefined;
  const provider = canonicalProvider(declared ?? prefix ?? 'openai');
  const hasPrefix = prefix !== undefined && (prefix === declared || canonicalProvider(prefix) === provider);
  return { provider, modelId: hasPrefix ? key.slice(slash + 1) : key };
}

/**
 * Merges a LiteLLM-format cost map over the built-in data (LiteLLM's `register_model`): fields of an
 * entry win over built-in ones, and an entry registered again is updated field by field.
 * @example registerModel({ 'azure/my-gpt-4o': { litellm_provider: 'azure', input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 } });
 */
export function registerModel(map: LiteLLMModelCostMap): void {
  for (const [key, value] of Object.entries(map)) {
    if (key === 'sample_spec' || !value || typeof value !== 'object' || Array.isArray(value)) continue;
    const previous = byKey.get(key.toLowerCase());
    const entry = { ...previous?.entry, ...value };
    const { provider, modelId } = splitKey(key, entry);
    const registered: RegisteredModel = { key, provider, modelId, entry };
    byKey.set(key.toLowerCase(), registered);
    byProviderModel.set(providerModelKey(provider, modelId), registered);
  }
  version++;
}

/**
 * Forgets every registered map (tests, or reloading a map from scratch).
 * @example clearRegisteredModels(); registerModel(freshMap);
 */
export function clearRegisteredModels(): void {
  byKey.clear();
  byProviderModel.clear();
  version++;
}

/** Increases on every registration, so caches of resolved models know to start over. */
export function registrationVersion(): number {
  return version;
}

/** The registered entry for a full map key such as `azure/gpt-4o`. */
export function findRegisteredByKey(key: string): RegisteredModel | undefined {
  return byKey.get(key.toLowerCase());
}

/** The registered entry for a provider's model id. */
export function findRegisteredModel(provider: string, modelId: string): RegisteredModel | undefined {
  return byProviderModel.get(providerModelKey(provider, modelId));
}
