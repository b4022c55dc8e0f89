import type { Transport, TransportRequest, TransportResponse } from '../src/spec/transport.js';
import { seededRandom } from './mock-upstream.js';

/** One canned upstream answer in the provider's own wire format. */
export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** A request the canned upstream received, kept for the fixture's assertions. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The body parsed as JSON. */
  body: Record<string, unknown>;
}

export interface CannedUpstreamOptions {
  reply: CannedReply;
  /** Cut the body into random byte pieces (1 to `maxPiece` bytes) with this seed; unset: one piece. */
  splitSeed?: number | undefined;
  maxPiece?: number;
  /**
   * After this many bytes the body waits until the request's signal aborts (and then fails as a
   * fetch body does, with an `AbortError`): an upstream still streaming when the caller gives up.
   */
  holdAfterBytes?: number | undefined;
}

/** What the upstream saw of the call: its requests, whether their signal aborted, how the body ended. */
export interface CannedUpstream {
  transport: Transport;
  requests: SentRequest[];
  /** Whether the signal of the last request fired. */
  readonly signalAborted: boolean;
  /** `'completed'`: read to its end; `'returned'`: released early by the reader; `'aborted'`: failed by the abort. */
  readonly bodyEnd: 'completed' | 'returned' | 'aborted' | undefined;
}

/**
 * A `Transport` answering every request with one canned reply, recording what was sent and how the
 * body was let go. Splitting the body at random byte boundaries catches framing bugs (an event, a
 * `\r\n` or a multi-byte character cut across reads).
 */
export function cannedUpstream(options: CannedUpstreamOptions): CannedUpstream {
  const requests: SentRequest[] = [];
  let signalAborted = false;
  let bodyEnd: CannedUpstream['bodyEnd'];
  const transport: Transport = async (request: TransportRequest): Promise<TransportResponse> => {
    requests.push(recordRequest(request));
    // Read as fetch reads it, when the request is made.
    const signal = request.signal;
    signal?.addEventListener('abort', () => {
      signalAborted = true;
    });
    const bytes = new TextEncoder().encode(options.reply.body);
    const pieces = splitBytes(bytes, options.splitSeed, options.maxPiece ?? 24);
    async function* body(): AsyncGenerator<Uint8Array> {
      let sent = 0;
      let state: CannedUpstream['bodyEnd'] = 'returned';
      try {
        for (const piece of pieces) {
          if (options.holdAfterBytes !== undefined && sent >= options.holdAfterBytes) {
            state = 'aborted';
            await untilAborted(signal);
          }
          if (signal?.aborted) {
            state = 'aborted';
            throw abortError(signal);
          }
          yield piece;
          sent += piece.byteLength;
        }
        state = 'completed';
      } finally {
        bodyEnd = state;
      }
    }
    return {
      status: options.reply.status,
      headers: { 'content-type': 'application/json', ...options.reply.headers },
      body: body(),
      text: async () => {
        bodyEnd = 'completed';
        return options.reply.body;
      },
    };
  };
  return {
    transport,
    requests,
    get signalAborted() {
      return signalAborted;
    },
    get bodyEnd() {
      return bodyEnd;
    },
  };
}

function recordRequest(request: TransportRequest): SentRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
  return { url: request.url, method: request.method, headers, body: text ? JSON.parse(text) : {} };
}

function splitBytes(bytes: Uint8Array, seed: number | undefined, maxPiece: number): Uint8Array[] {
  if (seed === undefined) return [bytes];
  const random = seededRandom(seed);
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/** Never settles without a signal: the test then fails on its timeout, as a hung call would. */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal?.aborted) reject(abortError(signal));
    signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}

function abortError(signal: AbortSignal): unknown {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'AbortError' ? reason : new DOMException('This operation was aborted', 'AbortError');
}
