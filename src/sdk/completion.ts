import { BadRequestError } from '../errors/index.js';
import { withRetries } from '../http/with-retries.js';
import { ensureModelCostMapLoaded } from '../models/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletionRequest } from '../spec/openai-chat.js';
import { checkParams } from './check-params.js';
import { CompletionStream } from './completion-stream.js';
import { attachHiddenParams } from './hidden-params.js';
import { isMockCall, mockCompletion, mockCompletionStream } from './mock-response.js';
import type { CompletionParams, ModelResponse } from './model-response.js';
import { type RequestOptions, resolveCall } from './resolve-call.js';
import { estimateUsage, priceOverrides, responseCost } from './response-accounting.js';
import { splitParams } from './split-params.js';

export type { CompletionParams, ModelResponse };

/**
 * One OpenAI-shaped chat call to any provider.
 * @example
 * const response = await completion({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(response.choices[0].message.content, response._hidden_params.response_cost);
 */
export function completion(
  params: CompletionParams & { stream: true },
  options?: RequestOptions,
): Promise<CompletionStream>;
export function completion(
  params: CompletionParams & { stream?: false | null },
  options?: RequestOptions,
): Promise<ModelResponse>;
export function completion(
  params: CompletionParams,
  options?: RequestOptions,
): Promise<ModelResponse | CompletionStream>;
export async function completion(
  params: CompletionParams,
  options: RequestOptions = {},
): Promise<ModelResponse | CompletionStream> {
  validateChatParams(params);
  await ensureModelCostMapLoaded();
  const { request, litellm } = splitParams(params);
  if (isMockCall(litellm)) {
    return request.stream ? mockCompletionStream(request, litellm, options) : mockCompletion(request, litellm, options);
  }
  if (request.stream) return CompletionStream.open(request, litellm, options);
  return generate(request, litellm, options);
}

async function generate(
  request: ChatCompletionRequest,
  litellm: LiteLLMParams,
  options: RequestOptions,
): Promise<ModelResponse> {
  const call = resolveCall(request.model, litellm, options);
  const { provider, context } = call;
  try {
    const providerRequest = withoutStreamFields(request, context.modelId);
    checkParams({ request: providerRequest, provider, modelId: context.modelId, litellm, warnings: context.warnings });
    const { data, headers } = await withRetries(() => provider.doGenerate(providerRequest, context), {
      numRetries: litellm.num_retries ?? litellm.max_retries ?? 0,
      signal: call.cancellation,
    });
    if (data.usage.total_tokens === 0 && data.usage.prompt_tokens === 0) {
      const outputText = data.choices.map((choice) => choice.message.content ?? '').join('');
      data.usage = await estimateUsage({ model: request.model, messages: request.messages, outputText });
    }
    return attachHiddenParams(data, {
      custom_llm_provider: provider.id,
      model: context.modelId,
      api_base: context.apiBase,
      response_cost: responseCost({ provider: provider.id, modelId: context.modelId, usage: data.usage, litellm }),
      additional_headers: headers,
      warnings: context.warnings,
      litellm_params: priceOverrides(litellm),
    });
  } finally {
    call.dispose();
  }
}

/** The request for a non-streaming call; copied without the stream fields (`delete` makes objects slow). */
function withoutStreamFields(request: ChatCompletionRequest, model: string): ChatCompletionRequest {
  const copy: Record<string, unknown> = { model };
  for (const name in request) {
    if (name !== 'model' && name !== 'stream' && name !== 'stream_options') {
      copy[name] = (request as unknown as Record<string, unknown>)[name];
    }
  }
  return copy as unknown as ChatCompletionRequest;
}

/** Bad input is a 400 with the parameter named, before anything is sent. */
export function validateChatParams(params: CompletionParams): void {
  if (!params || typeof params !== 'object') throw badRequest('params must be an object', null);
  if (typeof params.model !== 'string' || params.model === '') throw badRequest('model is required', 'model');
  if (!Array.isArray(params.messages) || params.messages.length === 0) {
    throw badRequest('messages must be a non-empty array', 'messages');
  }
  params.messages.forEach((message, index) => {
    if (!message || typeof message !== 'object' || typeof (message as { role?: unknown }).role !== 'string') {
      throw badRequest(`messages[${index}] must be an object with a role`, `messages[${index}]`);
    }
  });
}

function badRequest(message: string, param: string | null): BadRequestError {
  return new BadRequestError({ message, param, code: 'invalid_request_error' });
}
