// Redis settings only: kept apart from the ioredis client so a proxy without Redis never loads it.
/** LiteLLM's Redis settings (`router_settings`, `litellm_settings.cache_params`), plus our key prefix. */
export interface RedisSettings {
  redis_url?: string;
  redis_host?: string;
  redis_port?: number | string;
  redis_password?: string;
  redis_username?: string;
  redis_db?: number | string;
  /** TLS to a host/port target (a `rediss://` URL turns it on by itself). */
  redis_ssl?: boolean | string;
  /** Prefix of every key written; default `llmux:router:`. */
  key_prefix?: string;
}

export interface RedisConnectionOptions {
  /** Per-command timeout; a hung server fails commands instead of stalling routing. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Connect timeout per attempt. Default 1000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnect attempts. Default 2000 ms. */
  maxReconnectDelayMs?: number;
}

export const DEFAULT_KEY_PREFIX = 'llmux:router:';

/** The `router_settings` keys `redisSettingsFrom` reads (the config schema validates each). */
export const REDIS_SETTING_NAMES = [
  'redis_url',
  'redis_host',
  'redis_port',
  'redis_password',
  'redis_username',
  'redis_db',
  'redis_ssl',
  'key_prefix',
  'redis_key_prefix',
] as const;

type Environment = Readonly<Record<string, string | undefined>>;

function text(value: unknown): string | undefined {
  // `redis_ssl: true` arrives from YAML as a boolean.
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The Redis settings from LiteLLM's `router_settings` (`redis_url`, or `redis_host` + `redis_port` +
 * `redis_password`), else from `REDIS_URL` / `REDIS_HOST` / `REDIS_PORT` / `REDIS_PASSWORD`;
 * `undefined` when neither names a server (the router then keeps its state in memory).
 * @example redisSettingsFrom(config.router_settings, process.env) // { redis_url: 'redis://cache:6379' }
 */
export function redisSettingsFrom(
  routerSettings: Readonly<Record<string, unknown>> | undefined,
  env: Environment = process.env,
): RedisSettings | undefined {
  const settings = routerSettings ?? {};
  const extras: { key_prefix?: string } = {};
  const prefix = text(settings['key_prefix'] ?? settings['redis_key_prefix']);
  if (prefix) extras.key_prefix = prefix;
  const url = text(settings['redis_url']);
  if (url) return { redis_url: url, ...extras };
  const host = text(settings['redis_host']);
  if (host) {
    return withoutUndefined({
      redis_host: host,
      redis_port: text(settings['redis_port']) ?? text(env['REDIS_PORT']),
      redis_password: text(settings['redis_password']) ?? text(env['REDIS_PASSWORD']),
      redis_username: text(settings['redis_username']) ?? text(env['REDIS_USERNAME']),
      redis_db: text(settings['redis_db']) ?? text(env['REDIS_DB']),
      redis_ssl: text(settings['redis_ssl']) ?? text(env['REDIS_SSL']),
      ...extras,
    });
  }
  const envUrl = text(env['REDIS_URL']);
  if (envUrl) return { redis_url: envUrl, ...extras };
  const envHost = text(env['REDIS_HOST']);
  if (envHost) {
    return withoutUndefined({
      redis_host: envHost,
      redis_port: text(env['REDIS_PORT']),
      redis_password: text(env['REDIS_PASSWORD']),
      redis_username: text(env['REDIS_USERNAME']),
      redis_db: text(env['REDIS_DB']),
      redis_ssl: text(env['REDIS_SSL']),
      ...extras,
    });
  }
  return undefined;
}

function withoutUndefined(settings: Record<string, string | undefined>): RedisSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as RedisSettings;
}

/** `host:port` or the URL without its password, for log lines. */
export function describeRedisTarget(settings: RedisSettings): string {
  if (settings.redis_url) {
    try {
      const url = new URL(settings.redis_url);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return 'redis (unparseable redis_url)';
    }
  }
  return `${settings.redis_host ?? '127.0.0.1'}:${settings.redis_port ?? 6379}`;
}
