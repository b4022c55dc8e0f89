/**
 * The id of every provider llmux ships (LiteLLM's spelling, the `provider/` prefix of a model). The
 * registry registers exactly these (a test holds it), so a misspelt id in a built-in table fails to
 * compile.
 */
export const PROVIDER_IDS = [
  // Translating providers, one folder each.
  'openai',
  'azure',
  'anthropic',
  'gemini',
  // OpenAI-compatible vendors (`providers/openai-compatible/compatible-table.ts`).
  'groq',
  'together_ai',
  'fireworks_ai',
  'deepseek',
  'mistral',
  'codestral',
  'xai',
  'perplexity',
  'openrouter',
  'deepinfra',
  'cerebras',
  'sambanova',
  'nvidia_nim',
  'hyperbolic',
  'novita',
  'nebius',
  'lambda_ai',
  'ai21',
  'moonshot',
  'dashscope',
  'volcengine',
  'github',
  'featherless_ai',
  // Local and self-hosted servers, and LiteLLM's generic OpenAI-compatible routes.
  'lm_studio',
  'hosted_vllm',
  'llamafile',
  'ollama',
  'ollama_chat',
  'openai_like',
  'custom_openai',
  // OpenAI's legacy `/v1/completions` route, LiteLLM's `text-completion-openai/` prefix.
  'text-completion-openai',
] as const;

/** A built-in provider id. @example const id: ProviderId = 'anthropic'; */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/**
 * A provider id as the runtime sees it: a built-in one, or one a user gave to `registerProvider()`.
 * Built-in tables use `ProviderId`; this only keeps the editor's completions for the built-in ones.
 */
export type AnyProviderId = ProviderId | (string & {});

/**
 * LiteLLM provider ids the model catalogue knows (their prices and context windows are looked up),
 * though llmux has no provider for them yet, so `resolveModel` refuses them. Each is documented here.
 */
export const CATALOG_ONLY_PROVIDER_IDS = [
  // LiteLLM's aliases: Azure's legacy completions route, Mistral's FIM completions route.
  'azure_text',
  'text-completion-codestral',
  // Providers with prices in the catalogue but no llmux provider yet.
  'azure_ai',
  'vertex_ai',
  'bedrock',
  'github_copilot',
  'cohere',
  'cohere_chat',
  'huggingface',
  'cloudflare',
  'voyage',
  'zai',
  'ovhcloud',
  'baseten',
] as const;

/** A provider the model catalogue knows but llmux cannot call yet. */
export type CatalogOnlyProviderId = (typeof CATALOG_ONLY_PROVIDER_IDS)[number];

/** Every provider id the model catalogue has sources for: the built-in ones and the catalogue-only ones. */
export type CatalogProviderId = ProviderId | CatalogOnlyProviderId;

/** A bare model name (no `provider/` prefix) that LiteLLM routes to a provider other than OpenAI. */
export interface BareModelRule {
  readonly pattern: RegExp;
  readonly provider: ProviderId;
}

/**
 * The bare-name rules, shared by the provider registry and the model catalogue: bare `claude-*` is
 * Anthropic's, bare `gemini-*` (also Google's `models/gemini-*` spelling) Gemini's, anything else
 * bare is OpenAI's, as in LiteLLM.
 */
export const BARE_MODEL_RULES: readonly BareModelRule[] = [
  { pattern: /^claude-/, provider: 'anthropic' },
  { pattern: /^(models\/)?gemini-/, provider: 'gemini' },
];

/** The provider a bare model name belongs to when no prefix names one. */
export const BARE_MODEL_DEFAULT_PROVIDER = 'openai' satisfies ProviderId;

/**
 * The provider a bare-name rule gives a model name without a `provider/` prefix; `undefined` when no
 * rule matches (the name is then `BARE_MODEL_DEFAULT_PROVIDER`'s, unless a registered cost map says otherwise).
 * @example bareModelProvider('claude-sonnet-4-5') // 'anthropic'
 * @example bareModelProvider('gpt-4o') // undefined
 */
export function bareModelProvider(model: string): ProviderId | undefined {
  return BARE_MODEL_RULES.find((rule) => rule.pattern.test(model))?.provider;
}
