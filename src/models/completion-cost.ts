import { BadRequestError } from '../errors/index.js';
import type { ChatCompletion, Usage } from '../spec/openai-chat.js';
import type { TextCompletion } from '../spec/openai-completions.js';
import type { EmbeddingResponse } from '../spec/openai-embeddings.js';
import { costPerToken, type PriceOverrides } from './cost-per-token.js';

/** A response `completionCost` can price: a chat completion, a text completion or an embedding response. */
export type PricedResponse = ChatCompletion | TextCompletion | EmbeddingResponse;

/** Options of `completionCost`; each one wins over what the response's `_hidden_params` say. */
export interface CompletionCostOptions {
  model?: string | undefined;
  provider?: string | undefined;
  overrides?: PriceOverrides | undefined;
  /** When the call happened, for time-dependent prices; defaults to now. */
  date?: Date | undefined;
}

interface HiddenPriceParams {
  custom_llm_provider?: unknown;
  model?: unknown;
  litellm_params?: unknown;
}

const OVERRIDE_FIELDS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
] as const;

function hiddenParams(response: object): HiddenPriceParams {
  const hidden = (response as { _hidden_params?: unknown })._hidden_params;
  return hidden && typeof hidden === 'object' ? (hidden as HiddenPriceParams) : {};
}

function overridesFrom(params: unknown): PriceOverrides | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const overrides: PriceOverrides = {};
  for (const field of OVERRIDE_FIELDS) {
    const value = (params as Record<string, unknown>)[field];
    if (typeof value === 'number') overrides[field] = value;
  }
  return overrides;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * LiteLLM's `completion_cost`: the USD cost of a response from its `usage`, using the provider,
 * model and deployment prices in its `_hidden_params` when llmux made it. Throws `NotFoundError`
 * for an unknown model and `BadRequestError` for a response without usage.
 * @example const cost = completionCost(await completion({ model: 'gpt-4o', messages }));
 */
export function completionCost(response: PricedResponse, options: CompletionCostOptions = {}): number {
  const hidden = hiddenParams(response);
  // The hidden provider and deployment prices belong to the hidden model, not to a model the caller names.
  const fromCaller = options.model !== undefined;
  const model = options.model ?? text(hidden.model) ?? response.model;
  const usage: Partial<Usage> | null | undefined = response.usage;
  if (!usage || typeof usage.prompt_tokens !== 'number') {
    throw new BadRequestError({ message: `The response has no usage to price (model=${model}).`, model });
  }
  const costs = costPerToken({
    model,
    provider: options.provider ?? (fromCaller ? undefined : text(hidden.custom_llm_provider)),
    usage: { ...usage, prompt_tokens: usage.prompt_tokens },
    overrides: options.overrides ?? (fromCaller ? undefined : overridesFrom(hidden.litellm_params)),
    date: options.date,
  });
  return costs.prompt_cost + costs.completion_cost;
}

/**
 * `completionCost` that never throws: `undefined` when the model has no known price or the response no usage,
 * so accounting never fails a call that succeeded.
 * @example const cost = safeCompletionCost(response) ?? 0;
 */
export function safeCompletionCost(response: PricedResponse, options: CompletionCostOptions = {}): number | undefined {
  try {
    return completionCost(response, options);
  } catch {
    return undefined;
  }
}
