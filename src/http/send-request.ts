import { APIConnectionError, errorFromResponse, InternalServerError, Timeout } from '../errors/index.js';
import { CLIENT_SUPPLIED_BASE_PARAM } from '../spec/litellm-params.js';
import type { CallContext } from '../spec/provider.js';
import type { TransportResponse } from '../spec/transport.js';
import { LazySignalRequest } from './cancellation.js';
import { type ParsedErrorBody, parseErrorBody } from './parse-error-body.js';
import { readCappedText } from './read-capped-text.js';

/** An error body is a message and a code: a megabyte is far more than any provider sends. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/**
 * The largest answer read from an upstream a gateway's client chose (`llmux_client_supplied_base`):
 * far above any chat answer, and it bounds what a hostile host can make the gateway hold. The
 * operator's own upstreams are trusted with larger bodies (a big embeddings batch can pass 100 MB).
 */
export const MAX_CLIENT_BASE_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface UpstreamRequest {
  context: CallContext;
  /** Provider id, for error messages. */
  provider: string;
  url: string;
  headers: Record<string, string>;
  /** Serialised as JSON unless already a string. */
  body?: unknown;
  method?: 'GET' | 'POST';
  /** Reads the provider's error envelope; defaults to the OpenAI-style reader. */
  parseError?: (body: unknown, text: string) => ParsedErrorBody;
}

/** Sends a request; a non-2xx answer or a network failure becomes a typed error. */
export async function sendRequest(request: UpstreamRequest): Promise<TransportResponse> {
  const { context } = request;
  // Serialised outside the transport's try: a failure here is ours, not the network's.
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body);
  let response: TransportResponse;
  try {
    response = await context.transport(
      new LazySignalRequest(
        request.url,
        request.method ?? 'POST',
        { 'content-type': 'application/json', ...request.headers, ...context.headers },
        body,
        context.cancel,
      ),
    );
  } catch (error) {
    throw networkError(error, request);
  }
  if (response.status >= 200 && response.status < 300) return response;
  const { text, truncated } = await readCappedText(response.body, MAX_ERROR_BODY_BYTES).catch(() => ({
    text: '',
    truncated: false,
  }));
  // A cut body is not JSON any more: its start is kept as the message.
  const errorText = truncated ? `${text.slice(0, 2000)}… (error body cut at 1 MB)` : text;
  const errorBody = truncated ? errorText : parseJsonOrText(text);
  const parsed = (request.parseError ?? parseErrorBody)(errorBody, errorText);
  throw errorFromResponse({
    status: response.status,
    body: errorBody,
    headers: response.headers,
    provider: request.provider,
    model: context.modelId,
    ...parsed,
  });
}

/** Sends a request and reads a JSON answer. */
export async function postJson<T>(request: UpstreamRequest): Promise<{ data: T; headers: Record<string, string> }> {
  const response = await sendRequest(request);
  let text: string;
  try {
    text = await readSuccessText(response, request);
  } catch (error) {
    throw networkError(error, request);
  }
  try {
    return { data: JSON.parse(text) as T, headers: response.headers };
  } catch (error) {
    throw new InternalServerError({
      message: `${request.provider} returned a body that is not JSON: ${text.slice(0, 200)}`,
      provider: request.provider,
      model: request.context.modelId,
      body: text,
      cause: error,
    });
  }
}

/**
 * A 2xx body as text; from a client-chosen upstream, at most `MAX_CLIENT_BASE_RESPONSE_BYTES`
 * (reading stops there, which ends the upstream call, and the answer is an error).
 */
export async function readSuccessText(
  response: TransportResponse,
  request: Pick<UpstreamRequest, 'provider' | 'context'>,
): Promise<string> {
  if (request.context.params[CLIENT_SUPPLIED_BASE_PARAM] === undefined) return response.text();
  const { text, truncated } = await readCappedText(response.body, MAX_CLIENT_BASE_RESPONSE_BYTES);
  if (!truncated) return text;
  throw new InternalServerError({
    message: `${request.provider} at the client-supplied api_base answered with more than ${MAX_CLIENT_BASE_RESPONSE_BYTES / 1024 / 1024} MB`,
    code: 'upstream_response_too_large',
    provider: request.provider,
    model: request.context.modelId,
  });
}

/**
 * A failure to talk to the upstream: the caller's abort stays an abort, our timeout is a `Timeout`,
 * a socket, DNS or TLS failure is an `APIConnectionError`. Anything else (a `RangeError` or
 * `TypeError` from our own code) is returned as it is, so the gateway reports a generic internal
 * error instead of blaming the provider with our stack's message.
 */
export function networkError(error: unknown, request: Pick<UpstreamRequest, 'provider' | 'context'>): unknown {
  const name = (error as { name?: string } | null)?.name;
  const options = { provider: request.provider, model: request.context.modelId, cause: error };
  if (name === 'TimeoutError') return new Timeout({ ...options, message: `${request.provider} timed out` });
  if (name === 'AbortError') return error;
  if (error instanceof Error && 'status' in error) return error;
  if (!isTransportFailure(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new APIConnectionError({ ...options, message: `Could not reach ${request.provider}: ${reason}` });
}

/** undici errors that report a bad argument (ours), not a failed connection. */
const ARGUMENT_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_INVALID_RETURN_VALUE']);

/**
 * Socket, DNS and TLS failures carry a string `code` (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`,
 * `CERT_HAS_EXPIRED`, …); `fetch` wraps them in `TypeError('fetch failed')` with the failure as
 * `cause`. JavaScript's own errors (`RangeError`, `SyntaxError`, Node's `ERR_INVALID_ARG_TYPE`
 * `TypeError`s) are bugs, never the network.
 */
function isTransportFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  const builtIn =
    error instanceof RangeError ||
    error instanceof SyntaxError ||
    error instanceof ReferenceError ||
    error instanceof EvalError ||
    error instanceof URIError ||
    error instanceof TypeError;
  if (typeof code === 'string' && !builtIn && !ARGUMENT_CODES.has(code)) return true;
  return error.cause !== undefined && isTransportFailure(error.cause, depth + 1);
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
