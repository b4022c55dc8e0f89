import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../errors/index.js';
import type { ChatCompletion } from '../spec/openai-chat.js';
import type { EmbeddingResponse } from '../spec/openai-embeddings.js';
import { completionCost, costPerToken, safeCompletionCost } from './index.js';

/** Costs are sums of float products; compare to a billionth of a cent. */
function assertUsd(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);
}

function chatCompletion(model: string, usage: ChatCompletion['usage']): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage,
  };
}

describe('costPerToken', () => {
  it('gpt-4o: 1000 prompt tokens of which 200 cached, 100 completion tokens', () => {
    const cost = costPerToken({
      model: 'gpt-4o',
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 100,
        total_tokens: 1100,
        prompt_tokens_details: { cached_tokens: 200 },
      },
    });
    // 800 × $2.50/M + 200 × $1.25/M = $0.00225; 100 × $10/M = $0.001
    assertUsd(cost.prompt_cost, 0.00225);
    assertUsd(cost.completion_cost, 0.001);
  });

  it('claude-sonnet-4-5: cache reads and cache writes have their own prices', () => {
    const cost = costPerToken({
      model: 'anthropic/claude-sonnet-4-5',
      usage: {
        prompt_tokens: 1500,
        completion_tokens: 500,
        total_tokens: 2000,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 300,
      },
    });
    // 200 × $3/M + 1000 × $0.30/M + 300 × $3.75/M = 0.0006 + 0.0003 + 0.001125
    assertUsd(cost.prompt_cost, 0.002025);
    assertUsd(cost.completion_cost, 0.0075);
  });

  it('reads cache writes from prompt_tokens_details.cache_creation_tokens too', () => {
    const cost = costPerToken({
      model: 'claude-sonnet-4-5',
      usage: {
        prompt_tokens: 300,
        completion_tokens: 0,
        total_tokens: 300,
        prompt_tokens_details: { cache_creation_tokens: 300 },
      },
    });
    assertUsd(cost.prompt_cost, 300 * 3.75e-6);
  });

  it('uses the tier of the prompt size: over 200k tokens Claude Sonnet 4.5 doubles its input price', () => {
    const cost = costPerToken({
      model: 'anthropic/claude-sonnet-4-5',
      usage: { prompt_tokens: 250_000, completion_tokens: 1000, total_tokens: 251_000 },
    });
    assertUsd(cost.prompt_cost, 250_000 * 6e-6);
    assertUsd(cost.completion_cost, 1000 * 22.5e-6);
    const small = costPerToken({
      model: 'gemini/gemini-2.5-pro',
      usage: { prompt_tokens: 100_000, completion_tokens: 0, total_tokens: 0 },
    });
    assertUsd(small.prompt_cost, 0.125);
  });

  it('prices reasoning tokens as output unless the model has a reasoning price', () => {
    const gpt5 = costPerToken({
      model: 'gpt-5',
      usage: {
        prompt_tokens: 0,
        completion_tokens: 1000,
        total_tokens: 1000,
        completion_tokens_details: { reasoning_tokens: 800 },
      },
    });
    assertUsd(gpt5.completion_cost, 1000 * 10e-6);
    const deepResearch = costPerToken({
      model: 'perplexity/sonar-deep-research',
      usage: {
        prompt_tokens: 0,
        completion_tokens: 1000,
        total_tokens: 1000,
        completion_tokens_details: { reasoning_tokens: 600 },
      },
    });
    // 400 × $8/M + 600 × $3/M
    assertUsd(deepResearch.completion_cost, 0.005);
  });

  it('follows DeepSeek off-peak prices by the time of the call', () => {
    const usage = { prompt_tokens: 1_000_000, completion_tokens: 0, total_tokens: 1_000_000 };
    const peak = costPerToken({ model: 'deepseek/deepseek-chat', usage, date: new Date('2026-01-01T10:00:00Z') });
    const offPeak = costPerToken({ model: 'deepseek/deepseek-chat', usage, date: new Date('2026-01-01T20:00:00Z') });
    assertUsd(peak.prompt_cost, 0.27);
    assertUsd(offPeak.prompt_cost, 0.135);
  });

  it('lets per-deployment overrides win, field by field', () => {
    const cost = costPerToken({
      model: 'gpt-4o',
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 100,
        total_tokens: 1100,
        prompt_tokens_details: { cached_tokens: 200 },
      },
      overrides: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: undefined },
    });
    // 800 × $1/M + 200 × the table's $1.25/M cache price; 100 × $2/M
    assertUsd(cost.prompt_cost, 0.00105);
    assertUsd(cost.completion_cost, 0.0002);
  });

  it('prices an unknown model from overrides alone, and throws NotFoundError without them', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    const cost = costPerToken({
      model: 'hosted_vllm/my-finetune',
      usage,
      overrides: { input_cost_per_token: 1e-3, output_cost_per_token: 2e-3 },
    });
    assertUsd(cost.prompt_cost, 0.01);
    assertUsd(cost.completion_cost, 0.01);
    assert.throws(() => costPerToken({ model: 'openai/not-a-model', usage }), NotFoundError);
    assert.throws(
      () => costPerToken({ model: 'openai/not-a-model', usage, overrides: { input_cost_per_token: 1e-6 } }),
      NotFoundError,
    );
  });
});

describe('completionCost', () => {
  it('prices a chat completion from its model and usage', () => {
    const response = chatCompletion('gpt-4o-2024-08-06', {
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_tokens: 1100,
    });
    assertUsd(completionCost(response), 1000 * 2.5e-6 + 100 * 10e-6);
  });

  it('uses the provider, model and deployment prices in non-enumerable _hidden_params', () => {
    const response = chatCompletion('claude-sonnet-4-5-20250929', {
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_tokens: 1100,
    });
    Object.defineProperty(response, '_hidden_params', {
      enumerable: false,
      value: {
        custom_llm_provider: 'anthropic',
        model: 'claude-sonnet-4-5-20250929',
        litellm_params: { input_cost_per_token: 1e-6, api_key: 'secret' },
      },
    });
    assertUsd(completionCost(response), 1000 * 1e-6 + 100 * 15e-6);
    assertUsd(completionCost(response, { overrides: {} }), 1000 * 3e-6 + 100 * 15e-6);
    assertUsd(completionCost(response, { model: 'gpt-4o' }), 1000 * 2.5e-6 + 100 * 10e-6);
  });

  it('prices embeddings, whose usage has prompt tokens only', () => {
    const response: EmbeddingResponse = {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.1] }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 5000, total_tokens: 5000 },
    };
    assertUsd(completionCost(response), 5000 * 0.02e-6);
  });

  it('throws for unknown models like LiteLLM; safeCompletionCost returns undefined instead', () => {
    const response = chatCompletion('made-up-model', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
    assert.throws(() => completionCost(response), NotFoundError);
    assert.equal(safeCompletionCost(response), undefined);
    assertUsd(
      safeCompletionCost(chatCompletion('gpt-4o', { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 })) ?? -1,
      2.5e-6,
    );
  });

  it('refuses a response without usage', () => {
    const response = chatCompletion('gpt-4o', undefined as unknown as ChatCompletion['usage']);
    assert.throws(() => completionCost(response), /no usage/);
    assert.equal(safeCompletionCost(response), undefined);
  });
});
