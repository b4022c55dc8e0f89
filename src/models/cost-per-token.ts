import type { Usage } from '../spec/openai-chat.js';
import { entryPrices, findCatalogEntry } from './model-catalog.js';
import { flatPrice, type PriceTable, priceForPrompt } from './price-table.js';
import { splitModelName } from './split-model-name.js';
import { unknownModelError } from './unknown-model-error.js';

/** A deployment's own prices in USD per token (LiteLLM's `litellm_params`); each one set wins over the catalogue. */
export interface PriceOverrides {
  input_cost_per_token?: number | undefined;
  output_cost_per_token?: number | undefined;
  cache_read_input_token_cost?: number | undefined;
  cache_creation_input_token_cost?: number | undefined;
}

/** Options of `costPerToken`. */
export interface CostPerTokenOptions {
  /** `provider/model-id`, a bare name, or the provider's model id when `provider` is given. */
  model: string;
  provider?: string | undefined;
  /** OpenAI-shaped usage: `prompt_tokens` includes cached and cache-write tokens; `completion_tokens` includes reasoning. */
  usage: Pick<Usage, 'prompt_tokens'> & Partial<Usage>;
  overrides?: PriceOverrides | undefined;
  /** When the call happened, for prices that change over time (DeepSeek's off-peak hours); defaults to now. */
  date?: Date | undefined;
}

/** LiteLLM's `cost_per_token` result, in USD. */
export interface TokenCosts {
  prompt_cost: number;
  completion_cost: number;
}

function overridePrices(overrides: PriceOverrides | undefined): PriceTable {
  const table: PriceTable = {};
  const input = flatPrice(overrides?.input_cost_per_token);
  const output = flatPrice(overrides?.output_cost_per_token);
  const cacheRead = flatPrice(overrides?.cache_read_input_token_cost);
  const cacheWrite = flatPrice(overrides?.cache_creation_input_token_cost);
  if (input) table.input = input;
  if (output) table.output = output;
  if (cacheRead) table.cacheRead = cacheRead;
  if (cacheWrite) table.cacheWrite = cacheWrite;
  return table;
}

function pricesFor(options: CostPerTokenOptions): PriceTable {
  const overrides = overridePrices(options.overrides);
  const { provider, modelId } = splitModelName(options.model, options.provider);
  const entry = findCatalogEntry(provider, modelId);
  if (entry) return { ...entryPrices(entry, options.date), ...overrides };
  // A deployment that prices itself needs no catalogue entry.
  if (overrides.input && overrides.output) return overrides;
  throw unknownModelError(options.model, provider);
}

function promptCost(usage: CostPerTokenOptions['usage'], prices: PriceTable): number {
  const promptTokens = usage.prompt_tokens ?? 0;
  const at = (name: keyof PriceTable) => priceForPrompt(prices[name], promptTokens);
  const input = at('input') ?? 0;
  const details = usage.prompt_tokens_details;
  const cached = details?.cached_tokens ?? usage.cache_read_input_tokens ?? 0;
  const cacheWrites = details?.cache_creation_tokens ?? usage.cache_creation_input_tokens ?? 0;
  const audioPrice = at('inputAudio');
  const audio = audioPrice === undefined ? 0 : (details?.audio_tokens ?? 0);
  const text = Math.max(0, promptTokens - cached - cacheWrites - audio);
  return (
    text * input +
    cached * (at('cacheRead') ?? input) +
    cacheWrites * (at('cacheWrite') ?? input) +
    audio * (audioPrice ?? 0)
  );
}

function completionCost(usage: CostPerTokenOptions['usage'], prices: PriceTable): number {
  const promptTokens = usage.prompt_tokens ?? 0;
  const at = (name: keyof PriceTable) => priceForPrompt(prices[name], promptTokens);
  const output = at('output') ?? 0;
  const details = usage.completion_tokens_details;
  const reasoningPrice = at('outputReasoning');
  const reasoning = reasoningPrice === undefined ? 0 : (details?.reasoning_tokens ?? 0);
  const audioPrice = at('outputAudio');
  const audio = audioPrice === undefined ? 0 : (details?.audio_tokens ?? 0);
  const text = Math.max(0, (usage.completion_tokens ?? 0) - reasoning - audio);
  return text * output + reasoning * (reasoningPrice ?? 0) + audio * (audioPrice ?? 0);
}

/**
 * LiteLLM's `cost_per_token`: the USD cost of a call's prompt and completion tokens. Cached reads,
 * cache writes, reasoning and audio tokens get their own prices where the model has them; prices
 * tiered by prompt size use the tier of this prompt. Throws `NotFoundError` for an unknown model
 * unless `overrides` price both input and output.
 * @example costPerToken({ model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 } })
 * // { prompt_cost: 0.0025, completion_cost: 0.001 }
 */
export function costPerToken(options: CostPerTokenOptions): TokenCosts {
  const prices = pricesFor(options);
  return { prompt_cost: promptCost(options.usage, prices), completion_cost: completionCost(options.usage, prices) };
}
