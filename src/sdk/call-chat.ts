import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletionRequest } from '../spec/openai-chat.js';
import type { CallTarget } from './call-target.js';
import { checkParams } from './check-params.js';
import { CompletionStream, type StreamHooks } from './completion-stream.js';

export type { ChatResult };

import type { HiddenParams } from './hidden-params.js';
import { isMockCall, mockCompletion, mockCompletionStream } from './mock-response.js';
import type { ChatResult } from './model-response.js';
import { openCall, type RequestOptions } from './resolve-call.js';
import { estimateUsage, priceOverrides, responseCost } from './response-accounting.js';

/**
 * One chat call on one target, without retries: the one function through which `completion()`,
 * the router and every gateway endpoint reach a provider's chat API.
 */
export interface ChatCall {
  /** The model as configured (`provider/model-id`): mock answers and token estimates use it. */
  model: string;
  /** The OpenAI body; its `model` is replaced by the target's model id. */
  request: ChatCompletionRequest;
  /** The call's LiteLLM fields (a deployment's, then the request's). */
  litellm: LiteLLMParams;
  /** The target, resolved beforehand; a function so a mock call never needs credentials. */
  target: () => CallTarget;
  options: RequestOptions;
}

/** A non-streamed chat call; usage is estimated when the upstream sent none. */
export async function generateChat(call: ChatCall): Promise<ChatResult> {
  const request = call.request;
  if (isMockCall(call.litellm)) {
    return mockCompletion({ ...request, model: call.model }, call.litellm, call.options);
  }
  const opened = openCall(call.target(), call.litellm, call.options);
  const { provider, context } = opened;
  try {
    const providerRequest = withoutStreamFields(request, context.modelId);
    checkParams({
      request: providerRequest,
      provider,
      modelId: context.modelId,
      litellm: context.params,
      warnings: context.warnings,
    });
    const { data, headers } = await provider.doGenerate(providerRequest, context);
    if (data.usage.total_tokens === 0 && data.usage.prompt_tokens === 0) {
      const outputText = data.choices.map((choice) => choice.message.content ?? '').join('');
      data.usage = await estimateUsage({ model: call.model, messages: request.messages, outputText });
    }
    const prices = priceOverrides(context.params);
    return {
      response: data,
      facts: {
        custom_llm_provider: provider.id,
        model: context.modelId,
        api_base: context.apiBase,
        response_cost: responseCost({
          provider: provider.id,
          modelId: context.modelId,
          usage: data.usage,
          litellm: context.params,
          prices,
        }),
        additional_headers: headers,
        warnings: context.warnings,
        litellm_params: prices,
      },
    };
  } finally {
    opened.dispose();
  }
}

/**
 * A streamed chat call, open once the upstream answered (with `prefetch`, once its first chunk
 * arrived, so a failure before it is an ordinary rejected call a router can retry).
 */
export async function streamChat(call: ChatCall, hooks?: StreamHooks, prefetch = false): Promise<CompletionStream> {
  const request: ChatCompletionRequest = { ...call.request, model: call.model };
  if (isMockCall(call.litellm)) {
    return mockCompletionStream(request, call.litellm, call.options, hooks, prefetch);
  }
  const opened = openCall(call.target(), call.litellm, call.options);
  const { provider, context } = opened;
  try {
    const providerRequest: ChatCompletionRequest = { ...call.request, model: context.modelId };
    checkParams({
      request: providerRequest,
      provider,
      modelId: context.modelId,
      litellm: context.params,
      warnings: context.warnings,
    });
    const { data, headers, verbatim } = await provider.doStream(providerRequest, context);
    const facts: HiddenParams = {
      custom_llm_provider: provider.id,
      model: context.modelId,
      api_base: context.apiBase,
      response_cost: undefined,
      additional_headers: headers,
      warnings: context.warnings,
      litellm_params: priceOverrides(context.params),
    };
    return await CompletionStream.open({
      call: opened,
      source: data,
      request,
      litellm: context.params,
      facts,
      verbatim: call.options.verbatimSse ? verbatim : undefined,
      hooks,
      prefetch,
    });
  } catch (error) {
    opened.dispose();
    throw error;
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
