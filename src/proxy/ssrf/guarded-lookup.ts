import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { AddressGuard } from '../../spec/transport.js';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A connection refused by the address guard (no socket was opened). */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_LLMUX_ADDRESS_REFUSED';
  constructor(reason: string) {
    super(`Refused to connect to a client-supplied api_base: ${reason}`);
  }
}

/**
 * A `lookup` for `net.connect` / `tls.connect` that resolves with the guard and refuses the
 * connection when any address the name resolves to is refused. The socket connects to the
 * addresses checked here and nowhere else: what is checked is what is connected to.
 */
export function guardedLookup(guard: AddressGuard) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    guard.resolve(hostname).then(
      (resolved) => {
        for (const { address } of resolved) {
          const refusal = guard.refusal(hostname, address);
          if (refusal !== undefined) return callback(new RefusedAddressError(refusal), '');
        }
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = resolved
          .filter((entry) => family === undefined || entry.family === family)
          .map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
        const first = addresses[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          return callback(error, '');
        }
        if (options.all) return callback(null, addresses);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** Refuses an IP-literal host up front: sockets skip `lookup` for those. */
export function assertLiteralHostAllowed(guard: AddressGuard, url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) return;
  const refusal = guard.refusal(host, host);
  if (refusal !== undefined) throw new RefusedAddressError(refusal);
}
