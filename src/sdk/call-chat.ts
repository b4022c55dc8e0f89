import type { ChatCompletionRequest } from '../spec/openai-chat.js';
import type { CallContext, Provider } from '../spec/provider.js';
import { checkParams } from './check-params.js';
import { CompletionStream, type StreamHooks } from './completion-stream.js';
import { isMockCall, mockCompletion, mockCompletionStream } from './mock-response.js';
import type { ChatResult } from './model-response.js';
import { openCall, type TargetCall } from './resolve-call.js';
import { callFacts, estimateUsage } from './response-accounting.js';

export type { ChatResult };

/**
 * One chat call on one target, without retries: the one shape through which `completion()`, the
 * router and every gateway endpoint reach a provider's chat API.
 */
export type ChatCall = TargetCall<ChatCompletionRequest>;

/** A non-streamed chat call; usage is estimated when the upstream sent none. */
export async function generateChat(call: ChatCall): Promise<ChatResult> {
  const request = call.request;
  if (isMockCall(call.litellm)) {
    return mockCompletion({ ...request, model: call.model }, call.litellm, call.options);
  }
  const opened = openCall(call.target(), call.litellm, call.options);
  const { provider, context } = opened;
  try {
    const providerRequest = checked(withoutStreamFields(request, context.modelId), provider, context);
    const { data, headers } = await provider.doGenerate(providerRequest, context);
    if (data.usage.total_tokens === 0 && data.usage.prompt_tokens === 0) {
      const outputText = data.choices.map((choice) => choice.message.content ?? '').join('');
      data.usage = await estimateUsage({ model: call.model, messages: request.messages, outputText });
    }
    return { response: data, facts: callFacts(provider.id, context, headers, data.usage) };
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
    const providerRequest = checked({ ...call.request, model: context.modelId }, provider, context);
    const { data, headers, verbatim } = await provider.doStream(providerRequest, context);
    return await CompletionStream.open({
      call: opened,
      source: data,
      request,
      litellm: context.params,
      facts: callFacts(provider.id, context, headers, undefined),
      verbatim: call.options.verbatimSse ? verbatim : undefined,
      hooks,
      prefetch,
    });
  } catch (error) {
    opened.dispose();
    throw error;
  }
}

/** The provider's request with the params it does not support dropped (with a warning) or refused. */
function checked(request: ChatCompletionRequest, provider: Provider, context: CallContext): ChatCompletionRequest {
  checkParams({
    request: request as unknown as Record<string, unknown>,
    provider,
    modelId: context.modelId,
    litellm: context.params,
    warnings: context.warnings,
  });
  return request;
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
