import { ERROR_TABLE, type ErrorName } from './error-table.js';
import { LLMuxError } from './llmux-error.js';

type FixedErrorName = Exclude<ErrorName, 'APIError'>;

/** The base of one catalog class: status, type and retry rule read from its row of `ERROR_TABLE`. */
function fromTable(name: FixedErrorName) {
  const entry = ERROR_TABLE[name];
  abstract class CatalogError extends LLMuxError {
    readonly status: number = entry.status;
    readonly type: string = entry.type;
    readonly isRetryable: boolean = entry.retryable;
  }
  return CatalogError;
}

/** 400: the request is malformed or has a value the provider rejects. */
export class BadRequestError extends fromTable('BadRequestError') {}

/** 400: the prompt plus `max_tokens` does not fit the model's context window. */
export class ContextWindowExceededError extends BadRequestError {}

/** 400: the provider's safety system refused the prompt or the answer. */
export class ContentPolicyViolationError extends BadRequestError {}

/** 400: a virtual key (or its user, team, organisation or end user) has spent its `max_budget` (LiteLLM's `budget_exceeded`). */
export class BudgetExceededError extends BadRequestError {
  override readonly type: string = ERROR_TABLE.BudgetExceededError.type;
}

/** 400: a parameter the provider does not support; set `drop_params` to drop it instead. */
export class UnsupportedParamsError extends BadRequestError {}

/** 401: the API key is missing, wrong or expired. */
export class AuthenticationError extends fromTable('AuthenticationError') {}

/** 403: the key is valid but not allowed to do this. */
export class PermissionDeniedError extends fromTable('PermissionDeniedError') {}

/** 404: unknown model, deployment or path. */
export class NotFoundError extends fromTable('NotFoundError') {}

/** 405: the gateway knows the path but not with this method. */
export class MethodNotAllowedError extends fromTable('MethodNotAllowedError') {}

/** 408: the call took longer than `timeout`. */
export class Timeout extends fromTable('Timeout') {}

/** 413: the body sent to the gateway is larger than `general_settings.max_request_size_mb`. */
export class PayloadTooLargeError extends fromTable('PayloadTooLargeError') {}

/** 415: the body sent to the gateway is not JSON. */
export class UnsupportedMediaTypeError extends fromTable('UnsupportedMediaTypeError') {}

/** 422: the request is well-formed but cannot be processed. */
export class UnprocessableEntityError extends fromTable('UnprocessableEntityError') {}

/** 429: rate limited or out of quota. */
export class RateLimitError extends fromTable('RateLimitError') {}

/** 500: the provider failed, llmux could not read its answer, or llmux itself failed. */
export class InternalServerError extends fromTable('InternalServerError') {}

/** 503: the provider is overloaded or down. */
export class ServiceUnavailableError extends fromTable('ServiceUnavailableError') {}

/** The provider could not be reached (DNS, refused or reset connection); LiteLLM reports it as 500. */
export class APIConnectionError extends InternalServerError {
  override readonly type: string = ERROR_TABLE.APIConnectionError.type;
}

/** Any other status from the provider, kept as it was. */
export class APIError extends LLMuxError {
  readonly type: string = ERROR_TABLE.APIError.type;
  readonly status: number;
  readonly isRetryable: boolean;
  constructor(status: number, options: ConstructorParameters<typeof LLMuxError>[0]) {
    super(options);
    this.status = status;
    this.isRetryable = status >= 500 || status === 409;
  }
}
