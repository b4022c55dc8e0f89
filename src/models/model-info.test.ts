import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../errors/index.js';
import { findModelInfo, getModelInfo, splitModelName } from './index.js';
import { findCatalogEntry } from './model-catalog.js';

describe('splitModelName', () => {
  it('splits a known provider prefix and keeps the rest of the path', () => {
    assert.deepEqual(splitModelName('together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo'), {
      provider: 'together_ai',
      modelId: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    });
  });

  it('routes bare names like LiteLLM: claude-* to anthropic, gemini-* to gemini, the rest to openai', () => {
    assert.equal(splitModelName('claude-3-5-haiku-20241022').provider, 'anthropic');
    assert.equal(splitModelName('gemini-2.5-flash').provider, 'gemini');
    assert.equal(splitModelName('gpt-4o').provider, 'openai');
    assert.equal(splitModelName('meta-llama/Llama-3').provider, 'openai');
  });

  it('lets an explicit provider win and strips its own prefix', () => {
    assert.deepEqual(splitModelName('azure/my-deployment', 'azure'), { provider: 'azure', modelId: 'my-deployment' });
    assert.deepEqual(splitModelName('gpt-4o', 'azure'), { provider: 'azure', modelId: 'gpt-4o' });
  });
});

describe('getModelInfo', () => {
  it('returns LiteLLM-shaped info for gpt-4o from genai-prices and models.dev', () => {
    const info = getModelInfo('gpt-4o');
    assert.equal(info.key, 'gpt-4o');
    assert.equal(info.litellm_provider, 'openai');
    assert.equal(info.mode, 'chat');
    assert.equal(info.input_cost_per_token, 2.5e-6);
    assert.equal(info.output_cost_per_token, 10e-6);
    assert.equal(info.cache_read_input_token_cost, 1.25e-6);
    assert.equal(info.max_input_tokens, 128_000);
    assert.equal(info.max_output_tokens, 16_384);
    assert.equal(info.max_tokens, 16_384);
    assert.equal(info.supports_function_calling, true);
    assert.equal(info.supports_parallel_function_calling, true);
    assert.equal(info.supports_vision, true);
    assert.equal(info.supports_reasoning, false);
    assert.equal(info.supports_response_schema, true);
    assert.equal(info.supports_prompt_caching, true);
    assert.equal(info.supports_system_messages, true);
  });

  it('prices Claude with cache reads and writes, and reports tiers as LiteLLM fields', () => {
    const info = getModelInfo('anthropic/claude-sonnet-4-5');
    assert.equal(info.key, 'claude-sonnet-4-5');
    assert.equal(info.input_cost_per_token, 3e-6);
    assert.equal(info.cache_read_input_token_cost, 0.3e-6);
    assert.equal(info.cache_creation_input_token_cost, 3.75e-6);
    assert.equal(info['input_cost_per_token_above_200k_tokens'], 6e-6);
    assert.equal(info['output_cost_per_token_above_200k_tokens'], 22.5e-6);
    assert.equal(info.max_input_tokens, 200_000);
    assert.equal(info.supports_reasoning, true);
  });

  it('matches dated ids, @-dated Vertex ids, Bedrock regions and versions, and models/ prefixes', () => {
    assert.equal(getModelInfo('claude-3-5-haiku-20241022').input_cost_per_token, 0.8e-6);
    assert.equal(getModelInfo('gpt-4o-2024-08-06').input_cost_per_token, 2.5e-6);
    assert.equal(getModelInfo('vertex_ai/claude-sonnet-4@20250514').output_cost_per_token, 15e-6);
    assert.equal(getModelInfo('bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0').input_cost_per_token, 3e-6);
    assert.equal(getModelInfo('bedrock/converse/anthropic.claude-3-5-sonnet-20240620-v1:0').input_cost_per_token, 3e-6);
    assert.equal(getModelInfo('gemini/models/gemini-2.5-flash').output_cost_per_token, 2.5e-6);
    assert.equal(getModelInfo('fireworks_ai/gpt-oss-120b').input_cost_per_token, 0.15e-6);
  });

  it('gives Azure OpenAI prices when Azure lists none of its own', () => {
    const azure = getModelInfo('azure/gpt-4o');
    assert.equal(azure.key, 'azure/gpt-4o');
    assert.equal(azure.litellm_provider, 'azure');
    assert.equal(azure.input_cost_per_token, getModelInfo('gpt-4o').input_cost_per_token);
    assert.equal(getModelInfo('gpt-4.1-mini', { provider: 'azure' }).litellm_provider, 'azure');
  });

  it('reads the provider option like custom_llm_provider', () => {
    assert.equal(getModelInfo('llama-3.3-70b-versatile', { provider: 'groq' }).key, 'groq/llama-3.3-70b-versatile');
  });

  it('knows embedding models and their mode', () => {
    const info = getModelInfo('text-embedding-3-small');
    assert.equal(info.mode, 'embedding');
    assert.equal(info.input_cost_per_token, 0.02e-6);
    assert.equal(info.output_cost_per_token, 0);
    assert.equal(info.max_input_tokens, 8192);
  });

  it('prices local providers at zero', () => {
    const info = getModelInfo('ollama/llama3.1');
    assert.equal(info.input_cost_per_token, 0);
    assert.equal(info.output_cost_per_token, 0);
  });

  it('says early o1 models take no system messages', () => {
    assert.equal(getModelInfo('o1-mini').supports_system_messages, false);
  });

  it('throws a typed NotFoundError for unknown models; findModelInfo returns undefined', () => {
    assert.throws(
      () => getModelInfo('openai/definitely-not-a-model'),
      (error: unknown) => error instanceof NotFoundError && error.status === 404 && error.provider === 'openai',
    );
    assert.throws(() => getModelInfo('nobody/some-model'), NotFoundError);
    assert.equal(findModelInfo('groq/not-a-groq-model'), undefined);
  });

  it('caches lookups: a second lookup is served from the cache, and each caller gets its own copy', () => {
    const entry = findCatalogEntry('xai', 'grok-3-mini');
    assert.ok(entry, 'xai/grok-3-mini is in the catalog');
    // Resolving builds a new entry object; only a cache hit hands back the very same one.
    assert.equal(findCatalogEntry('xai', 'grok-3-mini'), entry);
    const info = getModelInfo('xai/grok-3-mini');
    assert.equal(info.litellm_provider, 'xai');
    assert.ok(info.input_cost_per_token > 0);
    const price = info.input_cost_per_token;
    info.input_cost_per_token = 123;
    assert.equal(
      getModelInfo('xai/grok-3-mini').input_cost_per_token,
      price,
      "a caller's edit never reaches the cache",
    );
  });
});
