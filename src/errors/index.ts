export * from './catalog.js';
export {
  errorForStatus,
  errorFromResponse,
  parseRetryAfter,
  type UpstreamErrorDetails,
} from './error-from-response.js';
export { LLMuxError, type LLMuxErrorOptions, type OpenAIErrorBody } from './llmux-error.js';
export { asLLMuxError, toOpenAIError } from './to-openai-error.js';
