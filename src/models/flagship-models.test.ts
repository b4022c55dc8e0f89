import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findModelInfo } from './index.js';

// Current models of the providers people use most; each must resolve with prices and a context window.
const FLAGSHIP_MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-5',
  'gpt-5-mini',
  'o3',
  'o3-mini',
  'o4-mini',
  'azure/gpt-4o',
  'azure/gpt-4.1-mini',
  'anthropic/claude-sonnet-4-5',
  'anthropic/claude-opus-4-1',
  'anthropic/claude-haiku-4-5',
  'anthropic/claude-3-5-haiku-20241022',
  'claude-3-7-sonnet-20250219',
  'gemini/gemini-2.5-flash',
  'gemini/gemini-2.5-pro',
  'gemini/gemini-2.0-flash',
  'gemini/gemini-2.5-flash-lite',
  'groq/llama-3.3-70b-versatile',
  'groq/llama-3.1-8b-instant',
  'groq/openai/gpt-oss-120b',
  'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo',
  'together_ai/deepseek-ai/DeepSeek-V3',
  'fireworks_ai/accounts/fireworks/models/gpt-oss-120b',
  'fireworks_ai/accounts/fireworks/models/deepseek-v3-0324',
  'deepseek/deepseek-chat',
  'deepseek/deepseek-reasoner',
  'mistral/mistral-large-latest',
  'mistral/mistral-small-latest',
  'mistral/codestral-latest',
  'xai/grok-3-mini',
  'xai/grok-4',
  'perplexity/sonar',
  'perplexity/sonar-pro',
  'openrouter/openai/gpt-4o',
  'openrouter/anthropic/claude-sonnet-4.5',
  'deepinfra/moonshotai/Kimi-K2-Instruct',
  'deepinfra/Qwen/Qwen3-Coder-480B-A35B-Instruct',
  'cerebras/gpt-oss-120b',
  'cerebras/llama-3.3-70b',
] as const;

const EMBEDDING_MODELS = ['text-embedding-3-small', 'text-embedding-3-large', 'azure/text-embedding-3-large'] as const;

/**
 * Commonly served models the bundled data does not price (listed in docs/models.md). If one starts
 * resolving after a data update, move it to FLAGSHIP_MODELS and update the docs.
 */
const KNOWN_GAPS = [
  'deepinfra/meta-llama/Llama-3.3-70B-Instruct-Turbo',
  'deepinfra/deepseek-ai/DeepSeek-V3',
  'together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo',
  'fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct',
  'cerebras/llama-4-scout-17b-16e-instruct',
  'gemini/text-embedding-004',
  'dashscope/qwen-plus',
  'sambanova/Meta-Llama-3.3-70B-Instruct',
] as const;

describe('flagship models', () => {
  for (const model of FLAGSHIP_MODELS) {
    it(`${model} has prices and a context window`, () => {
      const info = findModelInfo(model);
      assert.ok(info, `${model} did not resolve`);
      assert.equal(info.mode, 'chat');
      assert.ok(info.input_cost_per_token > 0, `${model} input price ${info.input_cost_per_token}`);
      assert.ok(info.output_cost_per_token > 0, `${model} output price ${info.output_cost_per_token}`);
      assert.ok((info.max_input_tokens ?? 0) >= 8192, `${model} context window ${info.max_input_tokens}`);
      assert.ok(
        info.output_cost_per_token >= info.input_cost_per_token,
        `${model}: output should not be cheaper than input`,
      );
    });
  }

  for (const model of EMBEDDING_MODELS) {
    it(`${model} is an embedding model with an input price`, () => {
      const info = findModelInfo(model);
      assert.equal(info?.mode, 'embedding');
      assert.ok((info?.input_cost_per_token ?? 0) > 0);
      assert.equal(info?.max_input_tokens, 8192);
    });
  }

  it('still lacks the documented gaps', () => {
    const resolved = KNOWN_GAPS.filter((model) => findModelInfo(model) !== undefined);
    assert.deepEqual(resolved, [], 'these now resolve: update KNOWN_GAPS and docs/models.md');
  });
});
