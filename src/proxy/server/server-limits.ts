import type { GeneralSettings } from '../config/index.js';

/** Socket limits of the HTTP server: how long a client may take to send, and how many may connect. */
export interface ServerLimits {
  /** Time to send the request headers (slowloris). */
  headersTimeoutMs: number;
  /** Time to send the whole request, headers and body; a streaming answer after it is not limited. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Concurrent client connections; a connection past it is closed at once. */
  maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 60_000,
  // Above the 60 s idle timeout of common load balancers, so the balancer, not llmux, closes first.
  keepAliveTimeoutMs: 65_000,
  // Below common descriptor limits, so upstream calls still get sockets when clients pile up.
  maxConnections: 8192,
};

/**
 * The limits from `general_settings` (llmux's keys), then LiteLLM's `KEEPALIVE_TIMEOUT` variable,
 * then the defaults.
 */
export function serverLimitsFrom(settings: GeneralSettings, env: Record<string, string | undefined>): ServerLimits {
  const seconds = (value: number | undefined, fallbackMs: number) =>
    value !== undefined && value > 0 ? Math.round(value * 1000) : fallbackMs;
  const keepAliveEnv = Number(env.KEEPALIVE_TIMEOUT);
  return {
    headersTimeoutMs: seconds(settings.client_headers_timeout_seconds, DEFAULT_SERVER_LIMITS.headersTimeoutMs),
    requestTimeoutMs: seconds(settings.client_request_timeout_seconds, DEFAULT_SERVER_LIMITS.requestTimeoutMs),
    keepAliveTimeoutMs: seconds(
      settings.keepalive_timeout ?? (Number.isFinite(keepAliveEnv) ? keepAliveEnv : undefined),
      DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs,
    ),
    maxConnections:
      settings.max_connections !== undefined && settings.max_connections >= 1
        ? Math.floor(settings.max_connections)
        : DEFAULT_SERVER_LIMITS.maxConnections,
  };
}
