import { NotFoundError } from '../errors/index.js';

/** LiteLLM's "model isn't mapped" error, as a typed 404 the router and proxy can read. */
export function unknownModelError(model: string, provider: string): NotFoundError {
  return new NotFoundError({
    message: `This model isn't mapped yet. model=${model}, custom_llm_provider=${provider}. Register its prices with registerModel(), set LITELLM_MODEL_COST_MAP_URL, or pass input_cost_per_token and output_cost_per_token.`,
    model,
    provider,
    code: 'model_not_found',
  });
}
