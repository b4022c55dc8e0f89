import { looseModelKey, modelFamilyKeys, modelIdVariants } from './model-id-variants.js';
import { type PriceTable, perMillionToPerToken } from './price-table.js';
import { TOKENLENS_PROVIDERS, type TokenlensModel } from './tokenlens-catalog.js';

interface ProviderIndex {
  exact: Map<string, TokenlensModel>;
  loose: Map<string, TokenlensModel>;
}

interface Indexes {
  byProvider: Map<string, ProviderIndex>;
  /** Every provider's models by the loose key of the id's last path segment: the same model hosted elsewhere. */
  anywhere: Map<string, TokenlensModel>;
}

let indexes: Indexes | undefined;

function lastSegment(modelId: string): string {
  return modelId.slice(modelId.lastIndexOf('/') + 1);
}

// On a loose-key collision (`claude-3-5-sonnet-20240620` and `-20241022`) the newest release wins, as `-latest` would.
function keepNewest(map: Map<string, TokenlensModel>, key: string, model: TokenlensModel): void {
  const existing = map.get(key);
  if (!existing || (model.release_date ?? '') > (existing.release_date ?? '')) map.set(key, model);
}

function buildIndexes(): Indexes {
  const byProvider = new Map<string, ProviderIndex>();
  const anywhere = new Map<string, TokenlensModel>();
  for (const provider of TOKENLENS_PROVIDERS) {
    const index: ProviderIndex = { exact: new Map(), loose: new Map() };
    for (const model of Object.values(provider.models)) {
      index.exact.set(model.id.toLowerCase(), model);
      keepNewest(index.loose, looseModelKey(model.id), model);
      keepNewest(anywhere, looseModelKey(lastSegment(model.id)), model);
    }
    byProvider.set(provider.id, index);
  }
  return { byProvider, anywhere };
}

function providerIndexes(providerIds: readonly string[]): ProviderIndex[] {
  indexes ??= buildIndexes();
  const found: ProviderIndex[] = [];
  for (const id of providerIds) {
    const index = indexes.byProvider.get(id);
    if (index) found.push(index);
  }
  return found;
}

/** The models.dev entry of this model at these providers: exact id first, then loosely (dates, `-latest`, versions). */
export function findTokenlensModel(providerIds: readonly string[], modelId: string): TokenlensModel | undefined {
  const searched = providerIndexes(providerIds);
  const variants = modelIdVariants(modelId);
  for (const index of searched) {
    for (const variant of variants) {
      const model = index.exact.get(variant);
      if (model) return model;
    }
  }
  // Then loosely, and by the last path segment (NVIDIA NIM's `deepseek-ai/deepseek-r1` is `deepseek-r1` there).
  for (const loose of new Set([looseModelKey(modelId), looseModelKey(lastSegment(modelId))])) {
    for (const index of searched) {
      const model = index.loose.get(loose);
      if (model) return model;
    }
  }
  return undefined;
}

/**
 * A stand-in for capabilities when the provider's own entry is missing: the same model at another
 * host, else the nearest family member (`claude-sonnet-4-5` → `claude-sonnet-4`).
 */
export function findTokenlensRelative(providerIds: readonly string[], modelId: string): TokenlensModel | undefined {
  const searched = providerIndexes(providerIds);
  const anywhere = indexes?.anywhere ?? new Map<string, TokenlensModel>();
  const elsewhere = anywhere.get(looseModelKey(lastSegment(modelId)));
  if (elsewhere) return elsewhere;
  for (const family of modelFamilyKeys(modelId)) {
    for (const index of searched) {
      const model = index.loose.get(family);
      if (model) return model;
    }
    const hosted = anywhere.get(lastSegment(family));
    if (hosted) return hosted;
  }
  return undefined;
}

/** models.dev's per-million costs as a per-token price table, or `undefined` when it lists no input and output cost. */
export function priceTableFromTokenlens(listed: TokenlensModel | undefined): PriceTable | undefined {
  const cost = listed?.cost;
  if (!cost || cost.input === undefined || cost.output === undefined) return undefined;
  const table: PriceTable = {
    input: { base: perMillionToPerToken(cost.input) },
    output: { base: perMillionToPerToken(cost.output) },
  };
  if (cost.cache_read !== undefined) table.cacheRead = { base: perMillionToPerToken(cost.cache_read) };
  if (cost.cache_write !== undefined) table.cacheWrite = { base: perMillionToPerToken(cost.cache_write) };
  // models.dev repeats the output price as `reasoning` for most models; only a different price is a separate one.
  if (cost.reasoning !== undefined && cost.reasoning !== cost.output) {
    table.outputReasoning = { base: perMillionToPerToken(cost.reasoning) };
  }
  return table;
}
