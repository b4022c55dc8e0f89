import {
  APIError,
  AuthenticationError,
  BadRequestError,
  errorFromResponse,
  LLMuxError,
  type LLMuxErrorOptions,
} from '../../errors/index.js';
import { type ParsedErrorBody, parseErrorBody } from '../../http/parse-error-body.js';
import type { GeminiErrorBody, GeminiErrorDetail } from './wire.js';

// Gemini's words for an over-long prompt ("The input token count (1200000) exceeds the maximum
// number of tokens allowed (1048576).").
const TOKEN_LIMIT_PATTERN = /input token count|exceeds the maximum number of tokens|too many tokens|context window/i;

/**
 * Reads Google's `{ error: { code, message, status, details } }` (also wrapped in an array, as the
 * non-SSE stream endpoint sends it): the message, `status` (`RESOURCE_EXHAUSTED` …) as the code,
 * and whether it is a token-limit 400. The code becomes the error's `upstreamCode`.
 * @example parseGeminiError({ error: { code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } }, '')
 * // → { message: 'Quota', code: 'RESOURCE_EXHAUSTED' }
 */
export function parseGeminiError(body: unknown, text: string): ParsedErrorBody {
  const error = googleError(body);
  if (!error) return parseErrorBody(body, text);
  const message = error.message || text || 'Unknown error';
  const parsed: ParsedErrorBody = {
    message,
    code: error.status ?? (error.code === undefined ? null : String(error.code)),
  };
  if (TOKEN_LIMIT_PATTERN.test(message)) parsed.kind = 'context_window';
  return parsed;
}

/**
 * Seconds from a `google.rpc.RetryInfo` detail (`"retryDelay": "34.4s"`), if the body has one.
 * @example geminiRetryDelaySeconds({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '14s' }] } }) // 14
 */
export function geminiRetryDelaySeconds(body: unknown): number | undefined {
  const detail = detailOfType(body, 'google.rpc.RetryInfo');
  const match = /^(\d+(?:\.\d+)?)s$/.exec(detail?.retryDelay ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Finishes a typed error from Gemini with what only Google's body says: the `RetryInfo` delay as
 * `retryAfter` (Gemini sends no `Retry-After` header), and `API_KEY_INVALID` (a 400) as an
 * `AuthenticationError`. Anything else is returned unchanged.
 */
export function refineGeminiError(error: unknown): unknown {
  if (!(error instanceof LLMuxError)) return error;
  const retryAfter = error.retryAfter ?? geminiRetryDelaySeconds(error.body);
  const invalidKey =
    error instanceof BadRequestError && detailOfType(error.body, 'google.rpc.ErrorInfo')?.reason === 'API_KEY_INVALID';
  if (retryAfter === error.retryAfter && !invalidKey) return error;
  const options: LLMuxErrorOptions = { ...error.toOptions(), retryAfter };
  if (invalidKey) return new AuthenticationError(options);
  if (error instanceof APIError) return new APIError(error.status, options);
  const Same = error.constructor as new (options: LLMuxErrorOptions) => LLMuxError;
  return new Same(options);
}

/**
 * A stream event that is Google's error envelope rather than a response, as a typed error
 * (the HTTP status had already been 200 when it was sent).
 */
export function geminiStreamError(payload: unknown, provider: string, model: string): LLMuxError | undefined {
  const error = googleError(payload);
  if (!error || (payload as { candidates?: unknown }).candidates !== undefined) return undefined;
  const status = typeof error.code === 'number' && error.code >= 400 ? error.code : 500;
  return refineGeminiError(
    errorFromResponse({
      status,
      body: payload,
      headers: {},
      provider,
      model,
      ...parseGeminiError(payload, 'stream error'),
    }),
  ) as LLMuxError;
}

function googleError(body: unknown): GeminiErrorBody['error'] | undefined {
  const envelope = Array.isArray(body) ? body[0] : body;
  if (!envelope || typeof envelope !== 'object') return undefined;
  const inner = (envelope as { error?: unknown }).error;
  return inner && typeof inner === 'object' ? (inner as GeminiErrorBody['error']) : undefined;
}

function detailOfType(body: unknown, type: string): GeminiErrorDetail | undefined {
  const details = googleError(body)?.details;
  if (!Array.isArray(details)) return undefined;
  return details.find((detail) => typeof detail?.['@type'] === 'string' && detail['@type'].endsWith(type));
}
