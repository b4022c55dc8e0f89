import * as catalog from './catalog.js';
import { APIError, BadRequestError, ContentPolicyViolationError, ContextWindowExceededError } from './catalog.js';
import { ERROR_TABLE } from './error-table.js';
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
  /** The provider's machine-readable code or type, if it has one; the error's `upstreamCode`, verbatim. */
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
    upstreamCode: details.code ?? null,
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

type CatalogClass = new (options: LLMuxErrorOptions) => LLMuxError;

// Built once from the table's `fromUpstream` column, so the mapping and the catalog cannot disagree.
const CLASS_FOR_UPSTREAM_STATUS: ReadonlyMap<number, CatalogClass> = new Map(
  Object.entries(ERROR_TABLE).flatMap(([name, entry]) =>
    entry.fromUpstream.map((status): [number, CatalogClass] => [
      status,
      (catalog as unknown as Record<string, CatalogClass>)[name] as CatalogClass,
    ]),
  ),
);

/** The typed error for an upstream HTTP status (`ERROR_TABLE`'s `fromUpstream`); any other is an `APIError`. */
export function errorForStatus(status: number, options: LLMuxErrorOptions): LLMuxError {
  const ErrorClass = CLASS_FOR_UPSTREAM_STATUS.get(status);
  return ErrorClass ? new ErrorClass(options) : new APIError(status, options);
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
