export * from './catalog.js';
export { ERROR_CODES, type ErrorCode, isErrorCode, type UpstreamErrorCode } from './error-codes.js';
export {
  errorForStatus,
  errorFromResponse,
  parseRetryAfter,
  type UpstreamErrorDetails,
} from './error-from-response.js';
export { ERROR_TABLE, type ErrorName, type ErrorStatus, type ErrorTableEntry } from './error-table.js';
export { LLMuxError, type LLMuxErrorOptions, type OpenAIErrorBody } from './llmux-error.js';
export { asLLMuxError, toOpenAIError } from './to-openai-error.js';
