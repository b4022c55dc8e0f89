import { BadRequestError } from '../errors/index.js';
import { withRetries } from '../http/with-retries.js';
import { ensureModelCostMapLoaded } from '../models/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../spec/openai-embeddings.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { type RequestOptions, resolveCall } from './resolve-call.js';
import { priceOverrides, responseCost } from './response-accounting.js';
import { splitParams } from './split-params.js';

export type EmbeddingParams = EmbeddingRequest & LiteLLMParams;
export type EmbeddingResult = EmbeddingResponse & { _hidden_params: HiddenParams };

/**
 * OpenAI-shaped embeddings from any provider that has them.
 * @example
 * const { data } = await embedding({ model: 'text-embedding-3-small', input: ['hello'] });
 */
export async function embedding(params: EmbeddingParams, options: RequestOptions = {}): Promise<EmbeddingResult> {
  validateEmbeddingParams(params);
  await ensureModelCostMapLoaded();
  const { request, litellm } = splitParams(params);
  if (litellm.mock_response !== undefined) return mockEmbedding(request, litellm);
  const call = resolveCall(request.model, litellm, options);
  const { provider, context } = call;
  try {
    const embed = provider.doEmbed;
    if (!embed) {
      throw new BadRequestError({
        message: `${provider.id} does not support embeddings`,
        provider: provider.id,
        model: context.modelId,
        param: 'model',
      });
    }
    const { data, headers } = await withRetries(() => embed({ ...request, model: context.modelId }, context), {
      numRetries: litellm.num_retries ?? litellm.max_retries ?? 0,
      signal: call.cancellation,
    });
    data.usage ??= { prompt_tokens: 0, total_tokens: 0 };
    return attachHiddenParams(data, {
      custom_llm_provider: provider.id,
      model: context.modelId,
      api_base: context.apiBase,
      response_cost: responseCost({
        provider: provider.id,
        modelId: context.modelId,
        usage: { prompt_tokens: data.usage.prompt_tokens, completion_tokens: 0, total_tokens: data.usage.total_tokens },
        litellm,
      }),
      additional_headers: headers,
      warnings: context.warnings,
      litellm_params: priceOverrides(litellm),
    });
  } finally {
    call.dispose();
  }
}

function validateEmbeddingParams(params: EmbeddingParams): void {
  if (!params || typeof params.model !== 'string' || params.model === '') {
    throw new BadRequestError({ message: 'model is required', param: 'model' });
  }
  const { input } = params;
  const valid = typeof input === 'string' || (Array.isArray(input) && input.length > 0);
  if (!valid) throw new BadRequestError({ message: 'input must be a string or a non-empty array', param: 'input' });
}

function mockEmbedding(request: EmbeddingRequest, litellm: LiteLLMParams): EmbeddingResult {
  const inputs =
    typeof request.input === 'string' || typeof request.input[0] === 'number' ? [request.input] : request.input;
  const dimensions = typeof request.dimensions === 'number' ? request.dimensions : 1536;
  const response: EmbeddingResponse = {
    object: 'list',
    data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: new Array<number>(dimensions).fill(0) })),
    model: request.model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
  return attachHiddenParams(response, {
    custom_llm_provider: 'mock',
    model: request.model,
    api_base: undefined,
    response_cost: 0,
    additional_headers: {},
    warnings: [],
    litellm_params: priceOverrides(litellm),
  });
}
