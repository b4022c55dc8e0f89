import { hash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../errors/index.js';
import type { GatewayRequest } from './gateway-types.js';

/** The key a client sent: `Authorization: Bearer`, `x-api-key` (Anthropic clients) or `api-key` (Azure clients). */
export function presentedKey(headers: GatewayRequest['headers']): string | undefined {
  const authorization = headerValue(headers.authorization);
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match ? match[1]?.trim() : authorization.trim();
  }
  return headerValue(headers['x-api-key']) ?? headerValue(headers['api-key']);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single === '' ? undefined : single;
}

/**
 * Checks the master key in constant time: both sides are hashed first, so neither the length
 * nor a matching prefix shows in the timing.
 */
export class MasterKeyAuth {
  private readonly digest: Buffer | undefined;

  constructor(masterKey: string | undefined) {
    this.digest = masterKey ? sha256(masterKey) : undefined;
  }

  get enabled(): boolean {
    return this.digest !== undefined;
  }

  /** Whether `key` is the master key (constant time). */
  matches(key: string): boolean {
    return this.digest !== undefined && timingSafeEqual(sha256(key), this.digest);
  }

  /** Throws a 401 unless auth is off or the request carries the master key. */
  check(request: GatewayRequest): void {
    if (!this.digest) return;
    const key = presentedKey(request.headers);
    if (!key) {
      throw new AuthenticationError({
        message:
          'Authentication Error, No api key passed in. Send it as Authorization: Bearer <key>, x-api-key or api-key.',
        code: '401',
      });
    }
    if (!timingSafeEqual(sha256(key), this.digest)) {
      throw new AuthenticationError({
        message: 'Authentication Error, Invalid proxy server token passed.',
        code: '401',
      });
    }
  }
}

function sha256(text: string): Buffer {
  // The one-shot form: no Hash object per request.
  return hash('sha256', text, 'buffer');
}
