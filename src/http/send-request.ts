import { APIConnectionError, errorFromResponse, InternalServerError, Timeout } from '../errors/index.js';
import type { CallContext } from '../spec/provider.js';
import type { TransportResponse } from '../spec/transport.js';
import { LazySignalRequest } from './cancellation.js';
import { type ParsedErrorBody, parseErrorBody } from './parse-error-body.js';

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
  let response: TransportResponse;
  try {
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
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
  const text = await response.text().catch(() => '');
  const body = parseJsonOrText(text);
  const parsed = (request.parseError ?? parseErrorBody)(body, text);
  throw errorFromResponse({
    status: response.status,
    body,
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
    text = await response.text();
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

/** A failure to talk to the upstream: the caller's abort stays an abort, our timeout is a `Timeout`. */
export function networkError(error: unknown, request: Pick<UpstreamRequest, 'provider' | 'context'>): unknown {
  const name = (error as { name?: string } | null)?.name;
  const options = { provider: request.provider, model: request.context.modelId, cause: error };
  if (name === 'TimeoutError') return new Timeout({ ...options, message: `${request.provider} timed out` });
  if (name === 'AbortError') return error;
  if (error instanceof Error && 'status' in error) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new APIConnectionError({ ...options, message: `Could not reach ${request.provider}: ${reason}` });
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
