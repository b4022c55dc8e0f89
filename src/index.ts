/**
 * llmux: one OpenAI-shaped interface over many LLM providers, with LiteLLM's names.
 * @example
 * import { completion } from 'llmux';
 * const response = await completion({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
 */

export * from './errors/index.js';
export { fetchTransport } from './http/fetch-transport.js';
export * from './models/index.js';
export {
  type CompatibleProviderConfig,
  openaiCompatible,
} from './providers/openai-compatible/openai-compatible-provider.js';
export { getProvider, listProviderIds, registerProvider, resolveModel } from './providers/registry.js';
export {
  InMemoryRouterState,
  Router,
  type RouterCompletionParams,
  type RouterCompletionStream,
  type RouterModelResponse,
  type RouterOptions,
  routeInfoOf,
  routerHeaders,
} from './router/index.js';
export { ChunkAccumulator, streamChunkBuilder } from './sdk/chunk-accumulator.js';
export { type CompletionParams, completion, type ModelResponse } from './sdk/completion.js';
export { CompletionStream } from './sdk/completion-stream.js';
export { type EmbeddingParams, type EmbeddingResult, embedding } from './sdk/embedding.js';
export type { HiddenParams } from './sdk/hidden-params.js';
export type { RequestOptions } from './sdk/resolve-call.js';
export { type TextCompletionParams, type TextCompletionResult, textCompletion } from './sdk/text-completion.js';
export type * from './spec/index.js';
export { type AnyProviderId, PROVIDER_IDS, type ProviderId } from './spec/provider-ids.js';
