import type { CancelSignal } from './cancel-signal.js';

/**
 * How the core reaches upstreams. The portable default is `fetch`; the Node proxy plugs in a
 * pooled keep-alive client. Bodies are async iterables of bytes: the cheapest form every runtime
 * (fetch's ReadableStream, Node's Readable) can offer without copying.
 */
export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborts the request. Made when first read: a transport that can take `cancel` instead should. */
  signal?: AbortSignal | undefined;
  /** The same cancellation without an `EventTarget` (undici takes it as it is). */
  cancel?: CancelSignal | undefined;
}

export interface TransportResponse {
  status: number;
  /** Response headers with lower-case names. */
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  /** Reads the whole body as text. */
  text(): Promise<string>;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
