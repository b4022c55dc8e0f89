import { CAPABILITY_FIELDS, type Capabilities, type CatalogEntry, type ModelMode } from './catalog-entry.js';
import { findGenaiPricesModel } from './genai-prices-source.js';
import { inferCapabilities } from './infer-capabilities.js';
import { inferModelMode } from './infer-model-mode.js';
import { findRegisteredModel, type RegisteredModel, registrationVersion } from './litellm-cost-map.js';
import { isLitellmPriceField, pricesFromLitellmEntry } from './litellm-price-fields.js';
import { type PriceTable, pricesAt, type ScheduledPrices } from './price-table.js';
import { providerSources } from './provider-sources.js';
import type { TokenlensModel } from './tokenlens-catalog.js';
import { findTokenlensModel, findTokenlensRelative, priceTableFromTokenlens } from './tokenlens-source.js';

const MAX_CACHED = 10_000;
const cache = new Map<string, CatalogEntry | null>();
let cachedVersion = -1;

// LiteLLM's map keys OpenAI and Anthropic models by their bare ids.
const BARE_KEY_PROVIDERS = new Set(['openai', 'text-completion-openai', 'anthropic']);

/** LiteLLM's model-map key: bare for OpenAI and Anthropic, `provider/model-id` for everyone else. */
export function catalogKey(provider: string, modelId: string): string {
  return BARE_KEY_PROVIDERS.has(provider) ? modelId : `${provider}/${modelId}`;
}

function modeOf(modelId: string, listed: TokenlensModel | undefined): ModelMode {
  const output = listed?.modalities?.output;
  if (output && output.length > 0 && !output.includes('text') && output.includes('image')) return 'image_generation';
  return inferModelMode(modelId);
}

/** What genai-prices and models.dev say about a provider's model, or `undefined` when neither prices it. */
function builtInEntry(provider: string, modelId: string): CatalogEntry | undefined {
  const sources = providerSources(provider);
  const canonicalId = sources.canonicalModelId?.(modelId) ?? modelId;
  const priced = findGenaiPricesModel(sources.genaiPrices, canonicalId);
  const listed = findTokenlensModel(sources.tokenlens, canonicalId);
  const free: ScheduledPrices | undefined = sources.local
    ? { prices: { input: { base: 0 }, output: { base: 0 } } }
    : undefined;
  const listedPrices = priceTableFromTokenlens(listed);
  const schedule = priced?.schedule ?? (listedPrices ? [{ prices: listedPrices }] : free ? [free] : undefined);
  if (!schedule) return undefined;
  const mode = modeOf(canonicalId, listed);
  const relative = listed ? undefined : findTokenlensRelative(sources.tokenlens, canonicalId);
  const capabilitySource = listed ?? (mode === 'chat' ? relative : undefined);
  const entry: CatalogEntry = {
    key: catalogKey(provider, modelId),
    provider,
    modelId,
    mode,
    schedule,
    capabilities: inferCapabilities({
      provider,
      modelId: canonicalId,
      mode,
      listed: capabilitySource,
      prices: pricesAt(schedule, new Date()),
    }),
  };
  const maxInputTokens = priced?.model.context_window ?? listed?.limit?.context ?? capabilitySource?.limit?.context;
  const maxOutputTokens = listed?.limit?.output ?? capabilitySource?.limit?.output;
  if (maxInputTokens) entry.maxInputTokens = maxInputTokens;
  if (maxOutputTokens) entry.maxOutputTokens = maxOutputTokens;
  return entry;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** A registered LiteLLM entry laid over the built-in one (or standing alone): its fields win. */
function withRegistered(builtIn: CatalogEntry | undefined, registered: RegisteredModel): CatalogEntry {
  const { entry } = registered;
  const capabilities: Capabilities = { ...builtIn?.capabilities };
  const extraFields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(entry)) {
    if ((CAPABILITY_FIELDS as readonly string[]).includes(field)) {
      if (typeof value === 'boolean') capabilities[field as keyof Capabilities] = value;
    } else if (!isLitellmPriceField(field) && !/^(litellm_provider|mode|max_(input_|output_)?tokens)$/.test(field)) {
      extraFields[field] = value;
    }
  }
  const result: CatalogEntry = {
    ...builtIn,
    key: registered.key,
    provider: builtIn?.provider ?? registered.provider,
    modelId: builtIn?.modelId ?? registered.modelId,
    mode:
      typeof entry.mode === 'string'
        ? (entry.mode as ModelMode)
        : (builtIn?.mode ?? inferModelMode(registered.modelId)),
    schedule: builtIn?.schedule ?? [{ prices: {} }],
    priceOverlay: { ...builtIn?.priceOverlay, ...pricesFromLitellmEntry(entry) },
    capabilities,
    extraFields: { ...builtIn?.extraFields, ...extraFields },
  };
  const maxInput = positive(entry.max_input_tokens);
  const maxOutput = positive(entry.max_output_tokens);
  const maxTokens = positive(entry.max_tokens);
  if (maxInput) result.maxInputTokens = maxInput;
  if (maxOutput) result.maxOutputTokens = maxOutput;
  if (maxTokens) result.maxTokens = maxTokens;
  return result;
}

function resolveEntry(provider: string, modelId: string): CatalogEntry | undefined {
  const builtIn = builtInEntry(provider, modelId);
  const registered = findRegisteredModel(provider, modelId);
  if (registered) return withRegistered(builtIn, registered);
  if (builtIn) return builtIn;
  for (const fallback of providerSources(provider).fallbackProviders ?? []) {
    const borrowed = findCatalogEntry(fallback, modelId);
    if (borrowed) return { ...borrowed, key: catalogKey(provider, modelId), provider, modelId };
  }
  return undefined;
}

/**
 * The catalogue entry of `modelId` at `provider` (llmux/LiteLLM provider id), or `undefined`.
 * Resolved once per (provider, model) and cached; registering a map starts the cache over.
 */
export function findCatalogEntry(provider: string, modelId: string): CatalogEntry | undefined {
  if (cachedVersion !== registrationVersion()) {
    cache.clear();
    cachedVersion = registrationVersion();
  }
  const cacheKey = `${provider}\u0000${modelId}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  const entry = resolveEntry(provider, modelId);
  // Model ids come from callers; bound the cache so a stream of made-up ids cannot grow it forever.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, entry ?? null);
  return entry;
}

/** The prices of an entry at `date`: the built-in schedule with registered prices laid over it. */
export function entryPrices(entry: CatalogEntry, date: Date = new Date()): PriceTable {
  const scheduled = pricesAt(entry.schedule, date);
  return entry.priceOverlay ? { ...scheduled, ...entry.priceOverlay } : scheduled;
}
