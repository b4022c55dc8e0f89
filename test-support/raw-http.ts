import { connect, type Socket } from 'node:net';

/** A raw TCP connection to the proxy, for requests no HTTP client would send (partial headers, lying lengths). */
export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves once the server's bytes contain `text`; rejects if the socket closes first or after `safetyMs`. */
  waitFor(text: string, safetyMs?: number): Promise<string>;
  /** Resolves when the server closed the connection; rejects after `safetyMs` (a safety net, not a timing assertion). */
  closed(safetyMs?: number): Promise<void>;
}

export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let isClosed = false;
  const listeners = new Set<() => void>();
  socket.on('data', (data: Buffer) => {
    text += data.toString('latin1');
    for (const listener of listeners) listener();
  });
  // A reset after the server's answer is a close too.
  socket.on('error', () => {});
  socket.on('close', () => {
    isClosed = true;
    for (const listener of listeners) listener();
  });
  const until = (done: () => boolean, what: string, safetyMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) finish(resolve);
        else if (isClosed)
          finish(() => reject(new Error(`closed before ${what}; got ${JSON.stringify(text.slice(0, 300))}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${what} within ${safetyMs} ms`))), safetyMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        then();
      };
      listeners.add(check);
      check();
    });
  return {
    socket,
    received: () => text,
    waitFor: async (expected, safetyMs = 10_000) => {
      await until(() => text.includes(expected), JSON.stringify(expected), safetyMs);
      return text;
    },
    closed: (safetyMs = 15_000) => until(() => isClosed, 'close', safetyMs),
  };
}
