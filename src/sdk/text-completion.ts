import { BadRequestError } from '../errors/index.js';
import { withRetries } from '../http/with-retries.js';
import { ensureModelCostMapLoaded, findModelInfo } from '../models/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../spec/openai-chat.js';
import type { TextCompletion, TextCompletionRequest } from '../spec/openai-completions.js';
import { completion } from './completion.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { isMockCall } from './mock-response.js';
import { type RequestOptions, resolveCall } from './resolve-call.js';
import { priceOverrides, responseCost } from './response-accounting.js';
import { splitParams } from './split-params.js';

export type TextCompletionParams = TextCompletionRequest & LiteLLMParams;
export type TextCompletionResult = TextCompletion & { _hidden_params: HiddenParams };

/**
 * OpenAI's legacy `/completions` for any provider: native where the provider has it and the model
 * is not a chat model, otherwise the prompt is sent as a chat message and the answer shaped back,
 * as LiteLLM's `text_completion`.
 * @example
 * const response = await textCompletion({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' });
 */
export function textCompletion(
  params: TextCompletionParams & { stream: true },
  options?: RequestOptions,
): Promise<AsyncIterable<TextCompletion>>;
export function textCompletion(
  params: TextCompletionParams & { stream?: false | null },
  options?: RequestOptions,
): Promise<TextCompletionResult>;
export function textCompletion(
  params: TextCompletionParams,
  options?: RequestOptions,
): Promise<TextCompletionResult | AsyncIterable<TextCompletion>>;
export async function textCompletion(
  params: TextCompletionParams,
  options: RequestOptions = {},
): Promise<TextCompletionResult | AsyncIterable<TextCompletion>> {
  if (!params || typeof params.model !== 'string' || !params.model)
    throw new BadRequestError({ message: 'model is required', param: 'model' });
  if (params.prompt === undefined) throw new BadRequestError({ message: 'prompt is required', param: 'prompt' });
  await ensureModelCostMapLoaded();
  const { request, litellm } = splitParams(params);
  if (!isMockCall(litellm)) {
    const call = resolveCall(request.model, litellm, options);
    const { provider, context } = call;
    if (provider.doTextCompletion && servedNatively(provider.id, context.modelId)) {
      const native = { ...request, model: context.modelId };
      const attempt = () =>
        request.stream && provider.doTextCompletionStream
          ? provider.doTextCompletionStream(native, context)
          : (provider.doTextCompletion as NonNullable<typeof provider.doTextCompletion>)(native, context);
      try {
        const { data, headers } = await withRetries<{
          data: TextCompletion | AsyncIterable<TextCompletion>;
          headers: Record<string, string>;
        }>(attempt, {
          numRetries: litellm.num_retries ?? 0,
          signal: call.cancellation,
        });
        if (Symbol.asyncIterator in data) return disposeAfter(data, call.dispose);
        call.dispose();
        const usage: Usage = data.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
        return attachHiddenParams(data, {
          custom_llm_provider: provider.id,
          model: context.modelId,
          api_base: context.apiBase,
          response_cost: responseCost({ provider: provider.id, modelId: context.modelId, usage, litellm }),
          additional_headers: headers,
          warnings: context.warnings,
          litellm_params: priceOverrides(litellm),
        });
      } catch (error) {
        call.dispose();
        throw error;
      }
    }
    call.dispose();
  }
  return viaChat(request, litellm, options);
}

/**
 * Whether the provider's own `/completions` serves the model, as LiteLLM's `text_completion` decides:
 * a chat model by the model info (`gpt-4o`, `azure/gpt-4o`, a Groq Llama) goes through chat
 * completions; completion models (`gpt-3.5-turbo-instruct`) and models the info does not know (a
 * self-hosted one behind `openai/`, `davinci-002`) use the native endpoint, and `text-completion-openai/` always does.
 */
function servedNatively(providerId: string, modelId: string): boolean {
  if (providerId === 'text-completion-openai') return true;
  const mode = findModelInfo(modelId, { provider: providerId })?.mode;
  return mode !== 'chat' && mode !== 'responses';
}

async function* disposeAfter<T>(source: AsyncIterable<T>, dispose: () => void): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    dispose();
  }
}

async function viaChat(
  request: TextCompletionRequest,
  litellm: LiteLLMParams,
  options: RequestOptions,
): Promise<TextCompletionResult | AsyncIterable<TextCompletion>> {
  const { prompt, echo: _echo, suffix: _suffix, best_of: _bestOf, logprobs: _logprobs, ...rest } = request;
  const promptText = promptAsText(prompt);
  const chatParams = { ...rest, ...litellm, messages: [{ role: 'user' as const, content: promptText }] };
  if (request.stream) {
    const stream = await completion({ ...chatParams, stream: true }, options);
    return mapChunks(stream);
  }
  const response = await completion({ ...chatParams, stream: false }, options);
  return attachHiddenParams(chatToTextCompletion(response), response._hidden_params);
}

function promptAsText(prompt: TextCompletionRequest['prompt']): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  throw new BadRequestError({
    message: 'this provider has no native completions endpoint: prompt must be one string',
    param: 'prompt',
  });
}

function chatToTextCompletion(response: ChatCompletion): TextCompletion {
  return {
    id: response.id,
    object: 'text_completion',
    created: response.created,
    model: response.model,
    choices: response.choices.map((choice) => ({
      index: choice.index,
      text: choice.message.content ?? '',
      finish_reason: toTextFinishReason(choice.finish_reason) ?? 'stop',
      logprobs: null,
    })),
    usage: response.usage,
  };
}

async function* mapChunks(stream: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<TextCompletion> {
  for await (const chunk of stream) {
    yield {
      id: chunk.id,
      object: 'text_completion',
      created: chunk.created,
      model: chunk.model,
      choices: chunk.choices.map((choice) => ({
        index: choice.index,
        text: choice.delta.content ?? '',
        finish_reason: toTextFinishReason(choice.finish_reason),
        logprobs: null,
      })),
      ...(chunk.usage ? { usage: chunk.usage } : {}),
    };
  }
}

/** Chat finish reasons in the legacy endpoint's three: tool and function calls end as `stop`. */
function toTextFinishReason(reason: FinishReason | null): TextCompletion['choices'][number]['finish_reason'] {
  if (reason === null) return null;
  return reason === 'length' || reason === 'content_filter' ? reason : 'stop';
}
