import { BadRequestError, ContextWindowExceededError, errorFromResponse, type LLMuxError } from '../../errors/index.js';
import type { ParsedErrorBody } from '../../http/parse-error-body.js';
import type { AnthropicErrorDetail } from './wire.js';

/** Anthropic `error.type` → the HTTP status Anthropic sends it with (used for errors inside a stream). */
export const ANTHROPIC_ERROR_STATUSES = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
} as const;

type AnthropicErrorType = keyof typeof ANTHROPIC_ERROR_STATUSES;

// Anthropic says "prompt is too long: 210000 tokens > 200000 maximum"; LiteLLM checks these two phrases.
const PROMPT_TOO_LONG = /prompt is too long|prompt: length/i;

/**
 * Reads Anthropic's `{ type: 'error', error: { type, message } }` envelope for `sendRequest`.
 * @example parseAnthropicErrorBody({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, '')
 *   // → { message: 'Overloaded', code: 'overloaded_error' }
 */
export function parseAnthropicErrorBody(body: unknown, fallbackText: string): ParsedErrorBody {
  const error = (body as { error?: unknown } | null)?.error;
  if (error && typeof error === 'object') {
    const { type, message } = error as Partial<AnthropicErrorDetail>;
    const text = typeof message === 'string' && message ? message : fallbackText || 'Unknown error';
    return {
      message: text,
      code: typeof type === 'string' ? type : null,
      kind: PROMPT_TOO_LONG.test(text) ? 'context_window' : undefined,
    };
  }
  if (typeof body === 'string' && body) return { message: body };
  return { message: fallbackText || 'Unknown error' };
}

/**
 * Corrects the shared status mapping where Anthropic means something else: a 413 `request_too_large`
 * (too many bytes, e.g. images) is a plain bad request, not a context-window overflow that a
 * bigger-context fallback could fix, even though its message says "exceeds the maximum".
 */
export function refineAnthropicError(error: unknown): unknown {
  if (error instanceof ContextWindowExceededError && error.upstreamCode === 'request_too_large') {
    return new BadRequestError({ ...error.toOptions(), cause: error });
  }
  return error;
}

/**
 * The typed error for an `error` event inside a stream, which has no HTTP status of its own: the
 * status Anthropic uses for that error type decides (so `overloaded_error` → 529 → ServiceUnavailableError).
 * @example anthropicStreamError({ type: 'overloaded_error', message: 'Overloaded' }, { model: 'claude-sonnet-4-5' })
 */
export function anthropicStreamError(detail: AnthropicErrorDetail, options: { model: string }): LLMuxError {
  const status = ANTHROPIC_ERROR_STATUSES[detail.type as AnthropicErrorType] ?? 500;
  const body = { type: 'error', error: detail };
  const parsed = parseAnthropicErrorBody(body, 'stream error');
  const error = errorFromResponse({
    status,
    body,
    headers: {},
    provider: 'anthropic',
    model: options.model,
    ...parsed,
  });
  return refineAnthropicError(error) as LLMuxError;
}
