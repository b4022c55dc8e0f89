import { LLMuxError } from './llmux-error.js';

/** 400: the request is malformed or has a value the provider rejects. */
export class BadRequestError extends LLMuxError {
  readonly status: number = 400;
  readonly type: string = 'invalid_request_error';
  readonly isRetryable: boolean = false;
}

/** 400: the prompt plus `max_tokens` does not fit the model's context window. */
export class ContextWindowExceededError extends BadRequestError {}

/** 400: the provider's safety system refused the prompt or the answer. */
export class ContentPolicyViolationError extends BadRequestError {}

/** 400: a parameter the provider does not support; set `drop_params` to drop it instead. */
export class UnsupportedParamsError extends BadRequestError {}

/** 401: the API key is missing, wrong or expired. */
export class AuthenticationError extends LLMuxError {
  readonly status = 401;
  readonly type = 'authentication_error';
  readonly isRetryable = false;
}

/** 403: the key is valid but not allowed to do this. */
export class PermissionDeniedError extends LLMuxError {
  readonly status = 403;
  readonly type = 'permission_denied_error';
  readonly isRetryable = false;
}

/** 404: unknown model, deployment or path. */
export class NotFoundError extends LLMuxError {
  readonly status = 404;
  readonly type = 'not_found_error';
  readonly isRetryable = false;
}

/** 408: the call took longer than `timeout`. */
export class Timeout extends LLMuxError {
  readonly status = 408;
  readonly type = 'timeout_error';
  readonly isRetryable = true;
}

/** 422: the request is well-formed but cannot be processed. */
export class UnprocessableEntityError extends LLMuxError {
  readonly status = 422;
  readonly type = 'invalid_request_error';
  readonly isRetryable = false;
}

/** 429: rate limited or out of quota. */
export class RateLimitError extends LLMuxError {
  readonly status = 429;
  readonly type = 'rate_limit_error';
  readonly isRetryable = true;
}

/** 500: the provider failed (or answered something llmux could not read). */
export class InternalServerError extends LLMuxError {
  readonly status: number = 500;
  readonly type: string = 'internal_server_error';
  readonly isRetryable: boolean = true;
}

/** 503: the provider is overloaded or down. */
export class ServiceUnavailableError extends LLMuxError {
  readonly status = 503;
  readonly type = 'service_unavailable_error';
  readonly isRetryable = true;
}

/** The provider could not be reached (DNS, refused or reset connection); LiteLLM reports it as 500. */
export class APIConnectionError extends InternalServerError {
  override readonly type = 'api_connection_error';
}

/** Any other status from the provider, kept as it was. */
export class APIError extends LLMuxError {
  readonly type = 'api_error';
  readonly status: number;
  readonly isRetryable: boolean;
  constructor(status: number, options: ConstructorParameters<typeof LLMuxError>[0]) {
    super(options);
    this.status = status;
    this.isRetryable = status >= 500 || status === 409;
  }
}
