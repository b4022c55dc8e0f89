import type { KeyStore } from '../../store/keys/key-store.js';
import type { KeyCache } from './key-cache.js';

/** Virtual keys for the gateway: the store (management) and the cache (authentication). */
export interface KeyService {
  store: KeyStore;
  cache: KeyCache;
}
