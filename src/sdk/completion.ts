import { BadRequestError } from '../errors/index.js';
import { withRetries } from '../http/with-retries.js';
import { ensureModelCostMapLoaded } from '../models/index.js';
import { generateChat, streamChat } from './call-chat.js';
import type { CompletionStream } from './completion-stream.js';
import { attachHiddenParams } from './hidden-params.js';
import type { CompletionParams, ModelResponse } from './model-response.js';
import { oneOffCall, type RequestOptions } from './resolve-call.js';
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
  const { call, retries } = oneOffCall(request, litellm, options);
  if (request.stream) return withRetries(() => streamChat(call), retries);
  const { response, facts } = await withRetries(() => generateChat(call), retries);
  return attachHiddenParams(response, facts);
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
