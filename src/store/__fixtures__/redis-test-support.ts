// Helpers for the Redis tests (not shipped logic): reachability, unique prefixes, cleanup, a TCP relay
// that can cut and restore the connection to Redis.
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';

// LLMUX_TEST_REDIS_URL points the tests at another Redis (or, to try the skip path, at none).
const TEST_REDIS = new URL(process.env.LLMUX_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
export const REDIS_HOST = TEST_REDIS.hostname;
export const REDIS_PORT = Number(TEST_REDIS.port || 6379);
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

/** PING within `timeoutMs`, on a bare socket so nothing retries. */
export function redisAnswers(timeoutMs = 1000, port = REDIS_PORT): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, REDIS_HOST);
    const finish = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
    socket.once('error', () => finish(false));
  });
}

export function uniquePrefix(): string {
  return `llmux:test:${randomUUID()}:`;
}

/** Deletes every key under the prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, REDIS_HOST, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Relays a local port to Redis; `cut()` drops every connection and stops listening, `restore()` listens again, `pause()` hangs it. */
export class RedisRelay {
  port = 0;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(REDIS_PORT, REDIS_HOST);
      this.#sockets.add(client).add(upstream);
      this.#forward(client, upstream);
      this.#forward(upstream, client);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => server.listen(this.port, REDIS_HOST, resolve));
    const address = server.address();
    if (address && typeof address !== 'string') this.port = address.port;
    this.#server = server;
  }

  #paused = false;
  #held: Array<() => void> = [];

  #forward(from: Socket, to: Socket): void {
    from.on('data', (data: Buffer) => {
      if (this.#paused) this.#held.push(() => to.write(data));
      else to.write(data);
    });
  }

  /** Holds every byte both ways (a hung server): commands time out, the connection stays up. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const send of this.#held.splice(0)) send();
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  restore(): Promise<void> {
    return this.start();
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}
