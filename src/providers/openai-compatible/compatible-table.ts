import { readEnv } from '../../http/read-env.js';
import type { CallContext } from '../../spec/provider.js';
import type { ProviderId } from '../../spec/provider-ids.js';
import type { CompatibleProviderConfig } from './openai-compatible-provider.js';

/** A row of the built-in table: its id must be a `ProviderId`, so a misspelt one does not compile. */
type BuiltInCompatibleConfig = CompatibleProviderConfig & { id: ProviderId };

/** Params many smaller vendors reject. */
const NO_LOGPROBS = ['logprobs', 'top_logprobs', 'logit_bias'] as const;
const OPENAI_ONLY = [
  'service_tier',
  'store',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
] as const;
const MISTRAL_UNSUPPORTED = [
  ...NO_LOGPROBS,
  ...OPENAI_ONLY,
  'user',
  'functions',
  'function_call',
  'thinking',
  'reasoning_effort',
] as const;

/**
 * The OpenAI-compatible vendors: one row each, with the default base URL, key variables and
 * known quirks. Adding a vendor is adding a row here.
 */
export const COMPATIBLE_PROVIDERS: readonly BuiltInCompatibleConfig[] = [
  {
    id: 'groq',
    defaultApiBase: 'https://api.groq.com/openai/v1',
    apiKeyEnv: ['GROQ_API_KEY'],
    apiBaseEnv: ['GROQ_API_BASE'],
    unsupportedParams: [...NO_LOGPROBS, ...OPENAI_ONLY, 'functions', 'function_call', 'thinking'],
    embeddings: false,
  },
  {
    id: 'together_ai',
    defaultApiBase: 'https://api.together.xyz/v1',
    apiKeyEnv: ['TOGETHERAI_API_KEY', 'TOGETHER_AI_API_KEY', 'TOGETHER_API_KEY'],
    apiBaseEnv: ['TOGETHERAI_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
    textCompletions: true,
  },
  {
    id: 'fireworks_ai',
    defaultApiBase: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: ['FIREWORKS_AI_API_KEY', 'FIREWORKS_API_KEY', 'FIREWORKSAI_API_KEY'],
    apiBaseEnv: ['FIREWORKS_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
    textCompletions: true,
    // Fireworks names models `accounts/<owner>/models/<id>`; LiteLLM adds the prefix for bare ids.
    modelId: (id) => (id.includes('/') ? id : `accounts/fireworks/models/${id}`),
  },
  {
    id: 'deepseek',
    defaultApiBase: 'https://api.deepseek.com/v1',
    apiKeyEnv: ['DEEPSEEK_API_KEY'],
    apiBaseEnv: ['DEEPSEEK_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'n', 'logit_bias', 'thinking', 'seed'],
    textCompletions: true,
  },
  {
    id: 'mistral',
    defaultApiBase: 'https://api.mistral.ai/v1',
    apiKeyEnv: ['MISTRAL_API_KEY'],
    apiBaseEnv: ['MISTRAL_API_BASE'],
    // Mistral's API forbids unknown fields (additionalProperties: false) and sends usage unasked.
    unsupportedParams: MISTRAL_UNSUPPORTED,
    renameParams: { max_completion_tokens: 'max_tokens', seed: 'random_seed' },
    streamUsage: false,
    embeddings: true,
  },
  {
    id: 'codestral',
    defaultApiBase: 'https://codestral.mistral.ai/v1',
    apiKeyEnv: ['CODESTRAL_API_KEY'],
    apiBaseEnv: ['CODESTRAL_API_BASE'],
    unsupportedParams: MISTRAL_UNSUPPORTED,
    renameParams: { max_completion_tokens: 'max_tokens', seed: 'random_seed' },
    streamUsage: false,
  },
  {
    id: 'xai',
    defaultApiBase: 'https://api.x.ai/v1',
    apiKeyEnv: ['XAI_API_KEY'],
    apiBaseEnv: ['XAI_API_BASE'],
    // Grok reasoning models reject stop sequences and penalties.
    unsupportedParams: (modelId) =>
      /grok-(3-mini|4)/.test(modelId)
        ? [...OPENAI_ONLY, 'stop', 'presence_penalty', 'frequency_penalty', 'thinking', 'functions', 'function_call']
        : [...OPENAI_ONLY, 'thinking', 'functions', 'function_call', 'reasoning_effort'],
    embeddings: false,
  },
  {
    id: 'perplexity',
    defaultApiBase: 'https://api.perplexity.ai',
    apiKeyEnv: ['PERPLEXITYAI_API_KEY', 'PERPLEXITY_API_KEY'],
    apiBaseEnv: ['PERPLEXITY_API_BASE'],
    unsupportedParams: [
      ...NO_LOGPROBS,
      ...OPENAI_ONLY,
      'tools',
      'tool_choice',
      'parallel_tool_calls',
      'functions',
      'function_call',
      'n',
      'seed',
      'stop',
      'thinking',
    ],
    streamUsage: false,
  },
  {
    id: 'openrouter',
    defaultApiBase: 'https://openrouter.ai/api/v1',
    apiKeyEnv: ['OPENROUTER_API_KEY', 'OR_API_KEY'],
    apiBaseEnv: ['OPENROUTER_API_BASE'],
    unsupportedParams: ['store', 'audio', 'modalities', 'prediction'],
    embeddings: true,
    textCompletions: true,
    // OpenRouter's optional attribution headers, from LiteLLM's variables.
    headers: () => {
      const headers: Record<string, string> = {};
      const site = readEnv('OR_SITE_URL');
      const app = readEnv('OR_APP_NAME');
      if (site) headers['http-referer'] = site;
      if (app) headers['x-title'] = app;
      return headers;
    },
  },
  {
    id: 'deepinfra',
    defaultApiBase: 'https://api.deepinfra.com/v1/openai',
    apiKeyEnv: ['DEEPINFRA_API_KEY'],
    apiBaseEnv: ['DEEPINFRA_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
    textCompletions: true,
  },
  {
    id: 'cerebras',
    defaultApiBase: 'https://api.cerebras.ai/v1',
    apiKeyEnv: ['CEREBRAS_API_KEY'],
    apiBaseEnv: ['CEREBRAS_API_BASE'],
    unsupportedParams: [
      ...OPENAI_ONLY,
      'presence_penalty',
      'frequency_penalty',
      'logit_bias',
      'n',
      'thinking',
      'functions',
      'function_call',
    ],
    textCompletions: true,
  },
  {
    id: 'sambanova',
    defaultApiBase: 'https://api.sambanova.ai/v1',
    apiKeyEnv: ['SAMBANOVA_API_KEY'],
    apiBaseEnv: ['SAMBANOVA_API_BASE'],
    unsupportedParams: [
      ...NO_LOGPROBS,
      ...OPENAI_ONLY,
      'presence_penalty',
      'frequency_penalty',
      'n',
      'seed',
      'thinking',
      'functions',
      'function_call',
    ],
    embeddings: true,
  },
  {
    id: 'nvidia_nim',
    defaultApiBase: 'https://integrate.api.nvidia.com/v1',
    apiKeyEnv: ['NVIDIA_NIM_API_KEY', 'NVIDIA_API_KEY'],
    apiBaseEnv: ['NVIDIA_NIM_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
  },
  {
    id: 'hyperbolic',
    defaultApiBase: 'https://api.hyperbolic.xyz/v1',
    apiKeyEnv: ['HYPERBOLIC_API_KEY'],
    apiBaseEnv: ['HYPERBOLIC_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
  },
  {
    id: 'novita',
    defaultApiBase: 'https://api.novita.ai/v3/openai',
    apiKeyEnv: ['NOVITA_API_KEY'],
    apiBaseEnv: ['NOVITA_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
  },
  {
    id: 'nebius',
    defaultApiBase: 'https://api.studio.nebius.ai/v1',
    apiKeyEnv: ['NEBIUS_API_KEY'],
    apiBaseEnv: ['NEBIUS_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
  },
  {
    id: 'lambda_ai',
    defaultApiBase: 'https://api.lambda.ai/v1',
    apiKeyEnv: ['LAMBDA_API_KEY'],
    apiBaseEnv: ['LAMBDA_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
  },
  {
    id: 'ai21',
    defaultApiBase: 'https://api.ai21.com/studio/v1',
    apiKeyEnv: ['AI21_API_KEY'],
    apiBaseEnv: ['AI21_API_BASE'],
    unsupportedParams: [
      ...NO_LOGPROBS,
      ...OPENAI_ONLY,
      'presence_penalty',
      'frequency_penalty',
      'thinking',
      'reasoning_effort',
      'functions',
      'function_call',
    ],
    streamUsage: false,
  },
  {
    id: 'moonshot',
    defaultApiBase: 'https://api.moonshot.ai/v1',
    apiKeyEnv: ['MOONSHOT_API_KEY'],
    apiBaseEnv: ['MOONSHOT_API_BASE'],
    unsupportedParams: [...NO_LOGPROBS, ...OPENAI_ONLY, 'thinking', 'reasoning_effort'],
    transformRequest: clampMoonshotTemperature,
  },
  {
    id: 'dashscope',
    defaultApiBase: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
    apiKeyEnv: ['DASHSCOPE_API_KEY'],
    apiBaseEnv: ['DASHSCOPE_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
  },
  {
    id: 'volcengine',
    defaultApiBase: 'https://ark.cn-beijing.volces.com/api/v3',
    apiKeyEnv: ['VOLCENGINE_API_KEY', 'ARK_API_KEY'],
    apiBaseEnv: ['VOLCENGINE_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY],
    embeddings: true,
  },
  {
    id: 'github',
    defaultApiBase: 'https://models.inference.ai.azure.com',
    apiKeyEnv: ['GITHUB_API_KEY', 'GITHUB_TOKEN'],
    apiBaseEnv: ['GITHUB_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'thinking'],
    embeddings: true,
  },
  {
    id: 'featherless_ai',
    defaultApiBase: 'https://api.featherless.ai/v1',
    apiKeyEnv: ['FEATHERLESS_AI_API_KEY', 'FEATHERLESS_API_KEY'],
    apiBaseEnv: ['FEATHERLESS_AI_API_BASE'],
    unsupportedParams: [...OPENAI_ONLY, 'tools', 'tool_choice', 'parallel_tool_calls', 'thinking'],
    textCompletions: true,
  },
  // Local and self-hosted servers: no key needed, the base URL is usually set.
  local('lm_studio', 'http://localhost:1234/v1', ['LM_STUDIO_API_KEY'], ['LM_STUDIO_API_BASE']),
  local('hosted_vllm', undefined, ['HOSTED_VLLM_API_KEY'], ['HOSTED_VLLM_API_BASE']),
  local('llamafile', 'http://127.0.0.1:8080/v1', ['LLAMAFILE_API_KEY'], ['LLAMAFILE_API_BASE']),
  // Ollama's own OpenAI-compatible endpoint (`/v1`); the native `/api/chat` translation is a provider of its own.
  local('ollama', 'http://localhost:11434/v1', ['OLLAMA_API_KEY'], ['OLLAMA_API_BASE'], (base) => withV1(base)),
  local('ollama_chat', 'http://localhost:11434/v1', ['OLLAMA_API_KEY'], ['OLLAMA_API_BASE'], (base) => withV1(base)),
  local('openai_like', undefined, ['OPENAI_LIKE_API_KEY'], ['OPENAI_LIKE_API_BASE']),
  local('custom_openai', undefined, ['CUSTOM_OPENAI_API_KEY'], ['CUSTOM_OPENAI_API_BASE']),
  local(
    'text-completion-openai',
    'https://api.openai.com/v1',
    ['OPENAI_API_KEY'],
    ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
  ),
];

function local(
  id: ProviderId,
  defaultApiBase: string | undefined,
  apiKeyEnv: string[],
  apiBaseEnv: string[],
  rewriteBase?: (base: string) => string,
): BuiltInCompatibleConfig {
  const config: BuiltInCompatibleConfig = {
    id,
    apiKeyEnv,
    apiBaseEnv,
    requiresApiKey: false,
    embeddings: true,
    textCompletions: true,
    unsupportedParams: ['thinking'],
  };
  if (defaultApiBase !== undefined) config.defaultApiBase = defaultApiBase;
  if (rewriteBase) config.endpointUrl = (context, endpoint) => `${rewriteBase(context.apiBase)}/${endpoint}`;
  return config;
}

/** Ollama users give `http://host:11434`; its OpenAI-compatible API lives under `/v1`. */
function withV1(base: string): string {
  return base.endsWith('/v1') ? base : `${base}/v1`;
}

/** Moonshot accepts temperature in [0, 1]; LiteLLM clamps rather than fails. */
function clampMoonshotTemperature(body: Record<string, unknown>, context: CallContext): void {
  if (typeof body.temperature === 'number' && body.temperature > 1) {
    body.temperature = 1;
    context.warnings.push({
      type: 'clamped-param',
      param: 'temperature',
      message: 'moonshot accepts temperature up to 1',
    });
  }
}
