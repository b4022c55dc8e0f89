import type { CancelSignal } from '../spec/cancel-signal.js';

/**
 * The gateway's own request and response: plain objects, cheaper than WHATWG `Request`/`Response`
 * on Node. The Node server adapts `http.IncomingMessage` to this; a `fetch`-style adapter can too.
 */
export interface GatewayRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, already size-limited by the adapter. */
  body: Uint8Array | undefined;
  /** Fires when the client goes away. */
  signal: CancelSignal;
  /** The request id: the client's `x-request-id` when valid, else a new one. */
  requestId: string;
  /** Monotonic start time in ms (performance.now()). */
  startedAt: number;
}

export type GatewayResponse = JsonGatewayResponse | StreamGatewayResponse;

export interface JsonGatewayResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface StreamGatewayResponse {
  status: number;
  headers: Record<string, string>;
  /** Written piece by piece, with backpressure; ends when the iterable does. */
  stream: AsyncIterable<string | Uint8Array>;
  /** Called instead of reading `stream` when the client left before it could be sent: releases the upstream, finishes the request. */
  abandon(): Promise<void>;
}
