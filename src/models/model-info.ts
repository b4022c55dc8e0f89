import type { CatalogEntry, ModelMode } from './catalog-entry.js';
import { litellmPriceFields } from './litellm-price-fields.js';
import { entryPrices, findCatalogEntry } from './model-catalog.js';
import { splitModelName } from './split-model-name.js';
import { unknownModelError } from './unknown-model-error.js';

/** LiteLLM's model-info shape (snake_case, prices in USD per token); `null` means no source says. */
export interface ModelInfo {
  key: string;
  litellm_provider: string;
  mode: ModelMode;
  /** LiteLLM's legacy field: the maximum output tokens. */
  max_tokens: number | null;
  /** The context window. */
  max_input_tokens: number | null;
  max_output_tokens: number | null;
  input_cost_per_token: number;
  output_cost_per_token: number;
  cache_read_input_token_cost?: number;
  cache_creation_input_token_cost?: number;
  output_cost_per_reasoning_token?: number;
  input_cost_per_audio_token?: number;
  output_cost_per_audio_token?: number;
  supports_function_calling: boolean | null;
  supports_parallel_function_calling: boolean | null;
  supports_vision: boolean | null;
  supports_reasoning: boolean | null;
  supports_response_schema: boolean | null;
  supports_prompt_caching: boolean | null;
  supports_system_messages: boolean | null;
  supports_pdf_input: boolean | null;
  supports_audio_input: boolean | null;
  supports_audio_output: boolean | null;
  /** Tier prices (`input_cost_per_token_above_200k_tokens`) and fields of a registered LiteLLM map. */
  [field: string]: unknown;
}

/** Options of `getModelInfo` and `findModelInfo`. */
export interface ModelInfoOptions {
  /** The llmux provider id, when `model` has no `provider/` prefix (LiteLLM's `custom_llm_provider`). */
  provider?: string | undefined;
}

function toModelInfo(entry: CatalogEntry): ModelInfo {
  const capabilities = entry.capabilities;
  const prices = litellmPriceFields(entryPrices(entry));
  return {
    ...entry.extraFields,
    key: entry.key,
    litellm_provider: entry.provider,
    mode: entry.mode,
    max_tokens: entry.maxTokens ?? entry.maxOutputTokens ?? null,
    max_input_tokens: entry.maxInputTokens ?? null,
    max_output_tokens: entry.maxOutputTokens ?? null,
    ...prices,
    input_cost_per_token: prices['input_cost_per_token'] ?? 0,
    output_cost_per_token: prices['output_cost_per_token'] ?? 0,
    supports_function_calling: capabilities.supports_function_calling ?? null,
    supports_parallel_function_calling: capabilities.supports_parallel_function_calling ?? null,
    supports_vision: capabilities.supports_vision ?? null,
    supports_reasoning: capabilities.supports_reasoning ?? null,
    supports_response_schema: capabilities.supports_response_schema ?? null,
    supports_prompt_caching: capabilities.supports_prompt_caching ?? null,
    supports_system_messages: capabilities.supports_system_messages ?? null,
    supports_pdf_input: capabilities.supports_pdf_input ?? null,
    supports_audio_input: capabilities.supports_audio_input ?? null,
    supports_audio_output: capabilities.supports_audio_output ?? null,
  };
}

/**
 * Prices, context window and capabilities of a model, or `undefined` when no source knows it.
 * @example findModelInfo('anthropic/claude-sonnet-4-5')?.max_input_tokens // 200000
 */
export function findModelInfo(model: string, options: ModelInfoOptions = {}): ModelInfo | undefined {
  const { provider, modelId } = splitModelName(model, options.provider);
  const entry = findCatalogEntry(provider, modelId);
  return entry ? toModelInfo(entry) : undefined;
}

/**
 * LiteLLM's `get_model_info`: prices, context window and capabilities; throws `NotFoundError` for unknown models.
 * @example getModelInfo('gpt-4o').input_cost_per_token // 0.0000025
 */
export function getModelInfo(model: string, options: ModelInfoOptions = {}): ModelInfo {
  const info = findModelInfo(model, options);
  if (info) return info;
  throw unknownModelError(model, splitModelName(model, options.provider).provider);
}
