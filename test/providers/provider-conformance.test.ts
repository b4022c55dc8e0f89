// The provider conformance suite: every registered provider through the same cases (text, tool
// call, stream split at random byte boundaries, usage, error mapping, abort), driven through the
// public `completion()` against a canned upstream speaking its wire format. Adding a provider means
// adding its entry here; a registered provider without one fails the suite.
import assert from 'node:assert/strict';
import { listProviderIds } from '../../src/providers/registry.js';
import { type ProviderConformanceEntry, runProviderConformance } from '../../test-support/provider-conformance.js';
import { anthropicWireFixture, geminiWireFixture } from '../../test-support/provider-conformance-native-wire.js';
import type { SentRequest } from '../../test-support/provider-conformance-transport.js';
import {
  AZURE_CONFORMANCE_API_VERSION,
  azureWireFixture,
  openaiWireFixture,
} from '../../test-support/provider-conformance-wire.js';

/** An OpenAI-compatible row: OpenAI's wire format, plus whatever the row changes. */
function compatible(options: Omit<ProviderConformanceEntry, 'wire'> = {}): ProviderConformanceEntry {
  return { wire: openaiWireFixture, ...options };
}

// Vendors that send usage unasked and reject `stream_options`.
const NO_STREAM_OPTIONS = { streamUsage: false } as const;
// Mistral's API forbids unknown fields: `seed` travels as `random_seed`.
const MISTRAL_SEED = {
  ...NO_STREAM_OPTIONS,
  params: { seed: 7 },
  checkRequest: (request: SentRequest) => {
    assert.equal(request.body.random_seed, 7);
    assert.equal(request.body.seed, undefined);
  },
} as const;
// Ollama's OpenAI-compatible API lives under `/v1`, which llmux adds to a bare host.
const OLLAMA = {
  apiBase: 'http://ollama.test:11434',
  url: ({ apiBase }: { apiBase: string }) => `${apiBase}/v1/chat/completions`,
} as const;

const ENTRIES: Record<string, ProviderConformanceEntry> = {
  openai: compatible({ modelId: 'gpt-4o-mini' }),
  azure: {
    wire: azureWireFixture,
    modelId: 'my-gpt-4o-deployment',
    apiBase: 'https://my-resource.openai.test',
    params: { api_version: AZURE_CONFORMANCE_API_VERSION },
  },
  anthropic: { wire: anthropicWireFixture, modelId: 'claude-sonnet-4-5', apiBase: 'https://anthropic.test' },
  gemini: { wire: geminiWireFixture, modelId: 'gemini-2.5-flash', apiBase: 'https://gemini.test/v1beta' },
  groq: compatible({ modelId: 'llama-3.3-70b-versatile' }),
  together_ai: compatible(),
  fireworks_ai: compatible({
    modelId: 'llama-v3p1-8b-instruct',
    bodyModel: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
  }),
  deepseek: compatible({ modelId: 'deepseek-chat' }),
  mistral: compatible({ modelId: 'mistral-small-latest', ...MISTRAL_SEED }),
  codestral: compatible({ modelId: 'codestral-latest', ...MISTRAL_SEED }),
  xai: compatible({ modelId: 'grok-3-mini' }),
  perplexity: compatible({ modelId: 'sonar', tools: false, ...NO_STREAM_OPTIONS }),
  openrouter: compatible({ modelId: 'openai/gpt-4o-mini' }),
  deepinfra: compatible(),
  cerebras: compatible(),
  sambanova: compatible(),
  nvidia_nim: compatible(),
  hyperbolic: compatible(),
  novita: compatible(),
  nebius: compatible(),
  lambda_ai: compatible(),
  ai21: compatible({ modelId: 'jamba-large', ...NO_STREAM_OPTIONS }),
  // Moonshot takes temperature in [0, 1]; the row's transformRequest clamps it.
  moonshot: compatible({
    modelId: 'kimi-k2',
    params: { temperature: 1.6 },
    checkRequest: (request) => assert.equal(request.body.temperature, 1),
  }),
  dashscope: compatible({ modelId: 'qwen-plus' }),
  volcengine: compatible(),
  github: compatible(),
  featherless_ai: compatible({ tools: false }),
  lm_studio: compatible(),
  // No default base URL: the suite always passes `api_base`.
  hosted_vllm: compatible(),
  llamafile: compatible(),
  ollama: compatible(OLLAMA),
  ollama_chat: compatible(OLLAMA),
  openai_like: compatible(),
  custom_openai: compatible(),
  'text-completion-openai': compatible({ modelId: 'gpt-3.5-turbo-instruct' }),
};

runProviderConformance({ providerIds: listProviderIds(), entries: ENTRIES });
