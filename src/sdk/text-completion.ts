import { BadRequestError } from '../errors/index.js';
import { withRetries } from '../http/with-retries.js';
import { ensureModelCostMapLoaded, findModelInfo } from '../models/index.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../spec/openai-chat.js';
import type { TextCompletion, TextCompletionRequest } from '../spec/openai-completions.js';
import { type ChatCall, generateChat, streamChat } from './call-chat.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { isMockCall } from './mock-response.js';
import { oneOffCall, openCall, type RequestOptions, type TargetCall } from './resolve-call.js';
import { callFacts } from './response-accounting.js';
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
  const { call, retries } = oneOffCall(request, litellm, options);
  const result = await withRetries(() => callTextCompletion(call), retries);
  return Symbol.asyncIterator in result ? result : attachHiddenParams(result.response, result.facts);
}

/** One legacy completions call on one target, without retries (the SDK's and the router's). */
export type TextCall = TargetCall<TextCompletionRequest>;

export type TextCallResult = { response: TextCompletion; facts: HiddenParams } | AsyncIterable<TextCompletion>;

export async function callTextCompletion(call: TextCall): Promise<TextCallResult> {
  const { request, litellm } = call;
  if (isMockCall(litellm)) return viaChat(call);
  const target = call.target();
  const { provider } = target;
  if (!provider.doTextCompletion || !servedNatively(provider.id, target.modelId)) return viaChat(call);
  const opened = openCall(target, litellm, call.options);
  const { context } = opened;
  const native = { ...request, model: context.modelId };
  try {
    const { data, headers } =
      request.stream && provider.doTextCompletionStream
        ? await provider.doTextCompletionStream(native, context)
        : await provider.doTextCompletion(native, context);
    if (Symbol.asyncIterator in data) return disposeAfter(data, opened.dispose);
    opened.dispose();
    const usage: Usage = data.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    return { response: data, facts: callFacts(provider.id, context, headers, usage) };
  } catch (error) {
    opened.dispose();
    throw error;
  }
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

async function viaChat(call: TextCall): Promise<TextCallResult> {
  const { prompt, echo: _echo, suffix: _suffix, best_of: _bestOf, logprobs: _logprobs, ...rest } = call.request;
  const chat: ChatCall = {
    ...call,
    request: { ...rest, messages: [{ role: 'user', content: promptAsText(prompt) }] },
  };
  if (call.request.stream) return mapChunks(await streamChat(chat));
  const { response, facts } = await generateChat(chat);
  return { response: chatToTextCompletion(response), facts };
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
