import type { PriceName, PriceTable, TokenPrice } from './price-table.js';

/** Our price names → LiteLLM's model-map field names (USD per token). */
export const LITELLM_PRICE_FIELDS: Readonly<Record<PriceName, string>> = {
  input: 'input_cost_per_token',
  output: 'output_cost_per_token',
  cacheRead: 'cache_read_input_token_cost',
  cacheWrite: 'cache_creation_input_token_cost',
  outputReasoning: 'output_cost_per_reasoning_token',
  inputAudio: 'input_cost_per_audio_token',
  outputAudio: 'output_cost_per_audio_token',
};

const PRICE_NAMES = Object.keys(LITELLM_PRICE_FIELDS) as PriceName[];
const TIER_FIELD = /^(.+)_above_(\d+)k_tokens$/;

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The prices a LiteLLM map entry sets, with `*_above_200k_tokens` fields as tiers. */
export function pricesFromLitellmEntry(entry: Readonly<Record<string, unknown>>): PriceTable {
  const table: PriceTable = {};
  for (const name of PRICE_NAMES) {
    const base = entry[LITELLM_PRICE_FIELDS[name]];
    if (isPrice(base)) table[name] = { base };
  }
  for (const [field, value] of Object.entries(entry)) {
    const match = TIER_FIELD.exec(field);
    const name = match ? PRICE_NAMES.find((candidate) => LITELLM_PRICE_FIELDS[candidate] === match[1]) : undefined;
    const current = name ? table[name] : undefined;
    if (!match || !name || !current || !isPrice(value)) continue;
    const tiers = [...(current.tiers ?? []), { start: Number(match[2]) * 1000, price: value }];
    table[name] = { base: current.base, tiers: tiers.sort((left, right) => left.start - right.start) };
  }
  return table;
}

/** Whether a field is one `pricesFromLitellmEntry` reads. */
export function isLitellmPriceField(field: string): boolean {
  const base = TIER_FIELD.exec(field)?.[1] ?? field;
  return PRICE_NAMES.some((name) => LITELLM_PRICE_FIELDS[name] === base);
}

function tierFieldName(field: string, start: number): string {
  return `${field}_above_${Math.round(start / 1000)}k_tokens`;
}

/** Our prices as LiteLLM model-info fields: base prices, plus `*_above_Nk_tokens` for tiers. */
export function litellmPriceFields(prices: PriceTable): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const name of PRICE_NAMES) {
    const price: TokenPrice | undefined = prices[name];
    if (!price) continue;
    const field = LITELLM_PRICE_FIELDS[name];
    fields[field] = price.base;
    for (const tier of price.tiers ?? []) fields[tierFieldName(field, tier.start)] = tier.price;
  }
  return fields;
}
