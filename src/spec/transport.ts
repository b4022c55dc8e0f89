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
  /**
   * Set on requests to a base URL a gateway's client chose: a transport that can (the Node proxy's)
   * checks every address it resolves, when it connects, so the address checked is the one connected to.
   */
  addressGuard?: AddressGuard | undefined;
}

/** Which hosts and addresses a request may reach (server-side request forgery and DNS rebinding defence). */
export interface AddressGuard {
  /** Resolves a host name to its addresses (the system resolver unless the gateway set another). */
  resolve(hostname: string): Promise<readonly { address: string; family: number }[]>;
  /** Why the request may not connect to this host (at this address), or `undefined` when it may. */
  refusal(hostname: string, address?: string): string | undefined;
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
