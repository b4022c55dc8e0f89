import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  Timeout,
  UnprocessableEntityError,
} from './catalog.js';
import type { LLMuxError, LLMuxErrorOptions } from './llmux-error.js';

export interface UpstreamErrorDetails {
  status: number;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  headers: Record<string, string>;
  provider: string;
  model: string;
  /** The provider's message, already dug out of its error envelope. */
  message: string;
  /** The provider's machine-readable code or type, if it has one. */
  code?: string | null | undefined;
  param?: string | null | undefined;
  /** Set by providers whose error codes say so without the message. */
  kind?: 'context_window' | 'content_policy' | undefined;
}

// Providers signal these two 400 kinds only in their message text; checked once, here, at the boundary.
const CONTEXT_WINDOW_PATTERNS =
  /context[_ ]length[_ ]exceeded|maximum context length|context window|prompt is too long|too many (input )?tokens|input is too long|exceeds the (maximum|context)|reduce the length/i;
const CONTENT_POLICY_PATTERNS = /content[_ ]policy|content[_ ]filter|safety system|responsible ?ai|flagged/i;

/** Turns an upstream error response into the matching typed error. */
export function errorFromResponse(details: UpstreamErrorDetails): LLMuxError {
  const options: LLMuxErrorOptions = {
    message: `${details.provider}Exception - ${details.message}`,
    provider: details.provider,
    model: details.model,
    body: details.body,
    headers: details.headers,
    code: details.code ?? null,
    param: details.param ?? null,
    retryAfter: parseRetryAfter(details.headers),
  };
  const { status } = details;
  if (status === 400 || status === 413) {
    const text = `${details.code ?? ''} ${details.message}`;
    if (details.kind === 'context_window' || CONTEXT_WINDOW_PATTERNS.test(text)) {
      return new ContextWindowExceededError(options);
    }
    if (details.kind === 'content_policy' || CONTENT_POLICY_PATTERNS.test(text)) {
      return new ContentPolicyViolationError(options);
    }
    return new BadRequestError(options);
  }
  return errorForStatus(status, options);
}

/** The typed error for an HTTP status. */
export function errorForStatus(status: number, options: LLMuxErrorOptions): LLMuxError {
  switch (status) {
    case 400:
      return new BadRequestError(options);
    case 401:
      return new AuthenticationError(options);
    case 403:
      return new PermissionDeniedError(options);
    case 404:
      return new NotFoundError(options);
    case 408:
      return new Timeout(options);
    case 422:
      return new UnprocessableEntityError(options);
    case 429:
      return new RateLimitError(options);
    case 500:
      return new InternalServerError(options);
    case 502:
    case 503:
    case 504:
    case 529:
      return new ServiceUnavailableError(options);
    default:
      return new APIError(status, options);
  }
}

/** Seconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function parseRetryAfter(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers['retry-after-ms'];
  if (milliseconds !== undefined && Number.isFinite(Number(milliseconds))) return Number(milliseconds) / 1000;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}
