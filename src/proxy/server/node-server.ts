import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PayloadTooLargeError } from '../../errors/index.js';
import { Cancellation } from '../../http/cancellation.js';
import type { Gateway } from '../gateway.js';
import type { GatewayRequest, GatewayResponse } from '../gateway-types.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from './server-limits.js';

export interface NodeServerOptions {
  gateway: Gateway;
  host: string;
  port: number;
  /** Largest accepted body, in bytes. */
  maxBodyBytes: number;
  /** Timeouts and the connection cap against slow, idle or too many clients. */
  limits?: ServerLimits;
}

export interface RunningServer {
  server: Server;
  /** `http://host:port` as bound (port 0 picks a free one). */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests and streams finish within `graceMs`, then closes the rest. */
  shutdown(graceMs: number): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The thin Node adapter: `http.IncomingMessage` in, a gateway response out, streams with backpressure. */
export async function startNodeServer(options: NodeServerOptions): Promise<RunningServer> {
  const inFlight = new Set<ServerResponse>();
  const limits = options.limits ?? DEFAULT_SERVER_LIMITS;
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const serverOptions = {
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node refuses a headers timeout above the request timeout.
    headersTimeout,
    requestTimeout: limits.requestTimeoutMs,
    // Node looks for expired requests on this interval (30 s by default): a quarter of the timeout
    // keeps a slow client's grace close to what was configured.
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4))),
  };
  const server = createServer(serverOptions, (incoming, outgoing) => {
    inFlight.add(outgoing);
    const clientGone = new Cancellation();
    // 'close' fires when the response is done or the socket went away first: then the client left.
    outgoing.once('close', () => {
      inFlight.delete(outgoing);
      if (!outgoing.writableFinished) clientGone.abort(new DOMException('client disconnected', 'AbortError'));
    });
    serve(incoming, outgoing, clientGone, options).catch(() => outgoing.destroy());
  });
  server.maxConnections = limits.maxConnections;
  // At the cap, idle keep-alive connections give way, so the next real request can connect.
  server.on('drop', () => server.closeIdleConnections());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    port: address.port,
    shutdown: (graceMs) => shutdown(server, inFlight, graceMs),
  };
}

async function serve(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientGone: Cancellation,
  options: NodeServerOptions,
): Promise<void> {
  const startedAt = performance.now();
  const requestIdHeader = incoming.headers['x-request-id'];
  const requestId =
    typeof requestIdHeader === 'string' && REQUEST_ID.test(requestIdHeader) ? requestIdHeader : randomUUID();
  const url = incoming.url ?? '/';
  const queryStart = url.indexOf('?');
  const request: GatewayRequest = {
    method: incoming.method ?? 'GET',
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers: incoming.headers,
    body: undefined,
    signal: clientGone,
    requestId,
    startedAt,
  };
  // Route and key are checked on the headers alone: an anonymous client never gets a body buffered.
  const admission = await options.gateway.admit(request);
  if (admission.refusal) {
    if (bodyPending(incoming)) refuseUnreadBody(incoming, admission.refusal);
    await writeResponse(outgoing, admission.refusal);
    return;
  }
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') {
    try {
      request.body = await readBody(incoming, options.maxBodyBytes);
    } catch (error) {
      const refusal = options.gateway.refuse(admission, error);
      refusal.headers.connection = 'close';
      await writeResponse(outgoing, refusal);
      return;
    }
  }
  const response = await options.gateway.handle(admission);
  await writeResponse(outgoing, response);
}

/** Whether the client announced a body (a length above 0, or chunked) that has not been read. */
function bodyPending(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  return incoming.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A refusal sent while the client may still be sending its body: the connection closes after the
 * answer, and what arrives until then is discarded as it comes, never held.
 */
function refuseUnreadBody(incoming: IncomingMessage, refusal: GatewayResponse): void {
  refusal.headers.connection = 'close';
  incoming.resume();
}

function readBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(incoming.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    incoming.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    incoming.on('data', (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        incoming.removeAllListeners('data');
        incoming.resume();
        reject(tooLarge(limit));
        return;
      }
      parts.push(part);
    });
    incoming.on('end', () => resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
    incoming.on('error', reject);
  });
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError({
    message: `Request body is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB (general_settings.max_request_size_mb)`,
    code: 'request_too_large',
  });
}

async function writeResponse(outgoing: ServerResponse, response: GatewayResponse): Promise<void> {
  if (outgoing.destroyed) {
    // The client left before anything was sent: a stream is released and finished unread.
    if ('stream' in response) await response.abandon();
    return;
  }
  if ('body' in response) {
    outgoing.writeHead(response.status, response.headers);
    outgoing.end(response.body);
    return;
  }
  outgoing.writeHead(response.status, response.headers);
  const iterator = response.stream[Symbol.asyncIterator]();
  // The headers leave with the first chunk (one write instead of two) when it is ready at once, as
  // for routed chat streams, which start only after their first chunk arrived; otherwise right away.
  let first: IteratorResult<string | Uint8Array> | undefined;
  const pending = iterator.next().then((result) => {
    first = result;
    return result;
  });
  const flush = setImmediate(() => {
    if (first === undefined && !outgoing.destroyed) outgoing.flushHeaders();
  });
  try {
    let next: Promise<IteratorResult<string | Uint8Array>> | undefined = pending;
    while (true) {
      const { done, value } = await (next ?? iterator.next());
      next = undefined;
      clearImmediate(flush);
      if (done) break;
      if (outgoing.destroyed) break;
      if (!outgoing.write(value)) await drained(outgoing);
    }
  } finally {
    // Ends the upstream read when the client left early (the generator's finally aborts the call).
    await iterator.return?.();
    if (!outgoing.destroyed) outgoing.end();
  }
}

/** Waits until the socket takes more data, or closes. */
function drained(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.once('drain', done);
    outgoing.once('close', done);
  });
}

async function shutdown(server: Server, inFlight: Set<ServerResponse>, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  while (inFlight.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    server.closeIdleConnections();
  }
  server.closeAllConnections();
  await closed;
}
