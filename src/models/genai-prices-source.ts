import { findProvider, type ModelInfo, type ModelPrice, type Provider } from '@pydantic/genai-prices';
import { matchesModelId } from './match-logic.js';
import { modelIdVariants } from './model-id-variants.js';
import {
  type PriceName,
  type PriceTable,
  perMillionToPerToken,
  type ScheduledPrices,
  type TokenPrice,
} from './price-table.js';

/** A model found in `@pydantic/genai-prices`. */
export interface GenaiPricesModel {
  model: ModelInfo;
  /** The genai-prices provider that listed it (Azure falls back to `openai`, Vertex to `anthropic`). */
  sourceProvider: string;
  schedule: ScheduledPrices[];
}

const PRICE_KEYS: Readonly<Record<string, PriceName>> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cacheRead',
  cache_write_mtok: 'cacheWrite',
  output_reasoning_mtok: 'outputReasoning',
  input_audio_mtok: 'inputAudio',
  output_audio_mtok: 'outputAudio',
};

const providers = new Map<string, Provider | undefined>();

function genaiProvider(id: string): Provider | undefined {
  if (!providers.has(id)) providers.set(id, findProvider({ providerId: id }));
  return providers.get(id);
}

function perToken(value: ModelPrice[string]): TokenPrice | undefined {
  if (typeof value === 'number') return { base: perMillionToPerToken(value) };
  if (!value || typeof value !== 'object') return undefined;
  return {
    base: perMillionToPerToken(value.base),
    tiers: value.tiers.map((tier) => ({ start: tier.start, price: perMillionToPerToken(tier.price) })),
  };
}

/** genai-prices' per-million prices as our per-token table (prices we do not bill, like web searches, are left out). */
export function priceTableFromGenaiPrices(modelPrice: ModelPrice): PriceTable {
  const table: PriceTable = {};
  for (const [key, value] of Object.entries(modelPrice)) {
    const name = PRICE_KEYS[key];
    const price = name ? perToken(value) : undefined;
    if (name && price) table[name] = price;
  }
  return table;
}

function scheduleOf(model: ModelInfo): ScheduledPrices[] {
  if (!Array.isArray(model.prices)) return [{ prices: priceTableFromGenaiPrices(model.prices) }];
  return model.prices.map((entry) => {
    const prices = priceTableFromGenaiPrices(entry.prices);
    return entry.constraint ? { prices, constraint: entry.constraint } : { prices };
  });
}

function findInProvider(provider: Provider, variants: readonly string[], depth: number): GenaiPricesModel | undefined {
  for (const variant of variants) {
    const model = provider.models.find((candidate) => matchesModelId(candidate.match, variant));
    if (model) return { model, sourceProvider: provider.id, schedule: scheduleOf(model) };
  }
  if (depth > 0) return undefined;
  for (const fallbackId of provider.fallback_model_providers ?? []) {
    const fallback = genaiProvider(fallbackId);
    const found = fallback ? findInProvider(fallback, variants, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The first genai-prices model matching `modelId` in these providers (and their own fallback providers). */
export function findGenaiPricesModel(providerIds: readonly string[], modelId: string): GenaiPricesModel | undefined {
  const variants = modelIdVariants(modelId);
  for (const providerId of providerIds) {
    const provider = genaiProvider(providerId);
    const found = provider ? findInProvider(provider, variants, 0) : undefined;
    if (found) return found;
  }
  return undefined;
}
