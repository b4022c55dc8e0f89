import { createHash, randomBytes } from 'node:crypto';

/** A new virtual key: `sk-` and 32 random bytes (base64url), shown to its owner once and stored nowhere. */
export function newVirtualKey(): string {
  return `sk-${randomBytes(32).toString('base64url')}`;
}

/** The key's `token`, as LiteLLM stores it: sha256 in hex. A key is only ever compared by its hash. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** LiteLLM's `key_name`: `sk-...` and the last four characters, enough to recognise a key, never to use it. */
export function keyName(key: string): string {
  return `sk-...${key.slice(-4)}`;
}
