import { Redis, type RedisOptions } from 'ioredis';
import type { RedisConnectionOptions, RedisSettings } from './redis-settings.js';

export {
  DEFAULT_KEY_PREFIX,
  describeRedisTarget,
  type RedisConnectionOptions,
  type RedisSettings,
  redisSettingsFrom,
} from './redis-settings.js';

function truthy(value: boolean | string | undefined): boolean {
  return value === true || (typeof value === 'string' && /^(1|true|yes|on)$/i.test(value.trim()));
}

/** ioredis options that never hang a caller: no offline queue, a command timeout, backoff reconnects. */
export function redisClientOptions(options: RedisConnectionOptions = {}): RedisOptions {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    enableReadyCheck: true,
    // Exponential backoff with jitter, capped; never gives up (null would stop reconnecting for good).
    retryStrategy: (times) =>
      Math.round(Math.min(maxDelay, 50 * 2 ** Math.min(times, 10)) * (0.75 + Math.random() / 2)),
    reconnectOnError: () => false,
  };
}

/**
 * An ioredis client for these settings, with `redisClientOptions`. Attach an `error` listener
 * before the event loop turns (the Redis router state does) or Node reports unhandled errors.
 * @example const client = createRedisClient({ redis_url: 'redis://127.0.0.1:6379' });
 */
export function createRedisClient(settings: RedisSettings, options: RedisConnectionOptions = {}): Redis {
  const base = redisClientOptions(options);
  if (settings.redis_url) {
    const client = new Redis(settings.redis_url, base);
    return client;
  }
  const db = settings.redis_db === undefined ? undefined : Number(settings.redis_db);
  return new Redis({
    ...base,
    host: settings.redis_host ?? '127.0.0.1',
    port: settings.redis_port === undefined ? 6379 : Number(settings.redis_port),
    ...(settings.redis_password ? { password: settings.redis_password } : {}),
    ...(settings.redis_username ? { username: settings.redis_username } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(truthy(settings.redis_ssl) ? { tls: {} } : {}),
  });
}
