import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the mock upstream received, kept for assertions. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions?api-version=…`. */
  url: string;
  headers: Record<string, string>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export type MockHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface MockUpstream {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Requests whose connection the client closed before the answer ended. */
  aborted: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a loopback HTTP server speaking whatever `handler` writes, recording every request. */
export async function startMockUpstream(handler: MockHandler): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const aborted: RecordedRequest[] = [];
  const server = createServer(async (incoming: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(incoming);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recorded: RecordedRequest = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      headers,
      body,
      json: <T>() => JSON.parse(body) as T,
    };
    requests.push(recorded);
    response.on('close', () => {
      if (!response.writableFinished) aborted.push(recorded);
    });
    try {
      await handler(recorded, response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    aborted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    incoming.on('data', (part: Buffer) => parts.push(part));
    incoming.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    incoming.on('error', reject);
  });
}

/** Answers with a JSON body. */
export function replyJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export interface SseReplyOptions {
  headers?: Record<string, string>;
  /** Split the bytes at random boundaries (seeded) to catch framing bugs. Default true. */
  splitRandomly?: boolean;
  seed?: number;
  /** Stop after this many frames without ending the response cleanly (a cut stream). */
  cutAfterFrames?: number;
  /** Milliseconds between writes. */
  delayMs?: number;
}

/** Streams SSE frames, by default cut into random-sized byte pieces across writes. */
export async function replySse(
  response: ServerResponse,
  frames: string[],
  options: SseReplyOptions = {},
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...options.headers });
  const frameCount = options.cutAfterFrames ?? frames.length;
  const bytes = Buffer.from(frames.slice(0, frameCount).join(''), 'utf8');
  const random = seededRandom(options.seed ?? 42);
  const pieces = options.splitRandomly === false ? [bytes] : splitBytes(bytes, random);
  for (const piece of pieces) {
    if (response.destroyed) return;
    response.write(piece);
    const delay = options.delayMs ?? 0;
    await new Promise((resolve) => (delay > 0 ? setTimeout(resolve, delay) : setImmediate(resolve)));
  }
  if (options.cutAfterFrames !== undefined) response.destroy();
  else response.end();
}

function splitBytes(bytes: Buffer, random: () => number): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * 64);
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/**
 * Writes `head`, then `filler` for as long as the client reads (with backpressure), never ending:
 * an upstream that never finishes an error body or a stream event.
 */
export async function writeForever(response: ServerResponse, head: string, filler = 'a'): Promise<void> {
  response.write(head);
  const piece = Buffer.from(filler.repeat(64 * 1024));
  while (!response.destroyed) {
    if (!response.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.once('drain', done);
        response.once('close', done);
      });
    }
  }
}

/** A small deterministic generator (mulberry32), so a failing split can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A mock upstream whose answer each test sets (`mock.reply = (request, response) => …`). */
export async function startSwitchableMock(initial: MockHandler): Promise<MockUpstream & { reply: MockHandler }> {
  let upstream: MockUpstream & { reply: MockHandler };
  const started = await startMockUpstream((request, response) => upstream.reply(request, response));
  upstream = Object.assign(started, { reply: initial });
  return upstream;
}
