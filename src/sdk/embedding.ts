import { BadRequestError } from '../errors/index.js';
import { withRetries } from '../http/with-retries.js';
import { ensureModelCostMapLoaded } from '../models/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../spec/openai-embeddings.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { oneOffCall, openCall, type RequestOptions, type TargetCall } from './resolve-call.js';
import { callFacts, priceOverrides } from './response-accounting.js';
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
  const { call, retries } = oneOffCall(request, litellm, options);
  const { response, facts } = await withRetries(() => generateEmbedding(call), retries);
  return attachHiddenParams(response, facts);
}

/** One embeddings call on one target, without retries (the SDK's and the router's). */
export type EmbeddingCall = TargetCall<EmbeddingRequest>;

export async function generateEmbedding(
  call: EmbeddingCall,
): Promise<{ response: EmbeddingResponse; facts: HiddenParams }> {
  if (call.litellm.mock_response !== undefined)
    return mockEmbedding({ ...call.request, model: call.model }, call.litellm);
  const opened = openCall(call.target(), call.litellm, call.options);
  const { provider, context } = opened;
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
    const { data, headers } = await embed({ ...call.request, model: context.modelId }, context);
    data.usage ??= { prompt_tokens: 0, total_tokens: 0 };
    const { prompt_tokens, total_tokens } = data.usage;
    const usage = { prompt_tokens, completion_tokens: 0, total_tokens };
    return { response: data, facts: callFacts(provider.id, context, headers, usage) };
  } finally {
    opened.dispose();
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

function mockEmbedding(
  request: EmbeddingRequest,
  litellm: LiteLLMParams,
): { response: EmbeddingResponse; facts: HiddenParams } {
  const inputs =
    typeof request.input === 'string' || typeof request.input[0] === 'number' ? [request.input] : request.input;
  const dimensions = typeof request.dimensions === 'number' ? request.dimensions : 1536;
  const response: EmbeddingResponse = {
    object: 'list',
    data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: new Array<number>(dimensions).fill(0) })),
    model: request.model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
  return {
    response,
    facts: {
      custom_llm_provider: 'mock',
      model: request.model,
      api_base: undefined,
      response_cost: 0,
      additional_headers: {},
      warnings: [],
      litellm_params: priceOverrides(litellm),
    },
  };
}
