import { costPerToken, countTokens } from '../models/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatMessage, Usage } from '../spec/openai-chat.js';
import type { CallContext } from '../spec/provider.js';
import type { HiddenParams } from './hidden-params.js';

/** The deployment's own prices, which win over the price table. */
export function priceOverrides(litellm: LiteLLMParams) {
  return {
    input_cost_per_token: litellm.input_cost_per_token,
    output_cost_per_token: litellm.output_cost_per_token,
    cache_read_input_token_cost: litellm.cache_read_input_token_cost,
    cache_creation_input_token_cost: litellm.cache_creation_input_token_cost,
  };
}

/**
 * What LiteLLM keeps in `_hidden_params` about a finished call: provider, model id, api base, cost
 * (`undefined` without usage yet, as for a stream that has not ended), upstream headers, warnings.
 */
export function callFacts(
  providerId: string,
  context: CallContext,
  headers: Record<string, string>,
  usage: Usage | undefined,
): HiddenParams {
  const prices = priceOverrides(context.params);
  return {
    custom_llm_provider: providerId,
    model: context.modelId,
    api_base: context.apiBase,
    response_cost: usage
      ? responseCost({ provider: providerId, modelId: context.modelId, usage, litellm: context.params, prices })
      : undefined,
    additional_headers: headers,
    warnings: context.warnings,
    litellm_params: prices,
  };
}

/** USD cost of `usage`, or `undefined` when the model has no known price (the call itself still succeeds). */
export function responseCost(options: {
  provider: string;
  modelId: string;
  usage: Usage;
  litellm: LiteLLMParams;
  /** `priceOverrides(litellm)`, when the caller has it already. */
  prices?: ReturnType<typeof priceOverrides>;
}): number | undefined {
  try {
    const cost = costPerToken({
      model: options.modelId,
      provider: options.provider,
      usage: options.usage,
      overrides: options.prices ?? priceOverrides(options.litellm),
    });
    return cost.prompt_cost + cost.completion_cost;
  } catch {
    return undefined;
  }
}

/** Usage when the upstream reported none: counted with the tokenizer, as LiteLLM does. */
export async function estimateUsage(options: {
  model: string;
  messages: ChatMessage[];
  outputText: string;
}): Promise<Usage> {
  const prompt = await countTokens({ model: options.model, messages: options.messages });
  const completion = options.outputText ? await countTokens({ model: options.model, text: options.outputText }) : 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
