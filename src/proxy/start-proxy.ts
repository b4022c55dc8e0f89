import { existsSync } from 'node:fs';
import type { ProxyConfig } from './config/index.js';
import { createGateway, type Gateway } from './gateway.js';
import { KeyAccess } from './keys/key-access.js';
import { type LogLevel, RequestLog } from './request-log.js';
import { type RunningServer, startNodeServer } from './server/node-server.js';
import { serverLimitsFrom } from './server/server-limits.js';
import { createUndiciTransport } from './undici-transport.js';

export interface StartProxyOptions {
  config: ProxyConfig;
  warnings?: string[];
  host: string;
  port: number;
  logLevel?: LogLevel | undefined;
  version: string;
  /** Install SIGTERM/SIGINT handlers (the CLI does; tests don't). Default true. */
  handleSignals?: boolean;
  /** Milliseconds in-flight requests get to finish on shutdown. */
  shutdownGraceMs?: number;
  /** Where log lines go (default stdout). */
  writeLog?: (text: string) => void;
  /** The embedded database's folder (`--data-dir`, `LLMUX_DATA_DIR`, default `./.llmux`), or `memory://`. */
  dataDir?: string | undefined;
}

export interface RunningProxy extends RunningServer {
  gateway: Gateway;
  /** Resolves with the exit code once the server has stopped. */
  stopped: Promise<number>;
  /** Graceful stop: no new requests, in-flight ones finish (bounded), logs flushed. */
  stop(): Promise<void>;
}

const DEFAULT_BODY_LIMIT_MB = 32;

/** Starts the gateway on a Node HTTP server with the pooled undici transport. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const { config } = options;
  // As in LiteLLM, the config's variables override the environment's.
  for (const [name, value] of Object.entries(config.environment_variables)) process.env[name] = value;
  const level = options.logLevel ?? (process.env.LLMUX_LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const log = new RequestLog(level, options.writeLog);
  for (const warning of options.warnings ?? []) log.log('warn', warning);
  const authenticated = Boolean(
    config.general_settings.master_key ?? process.env.LLMUX_MASTER_KEY ?? process.env.LITELLM_MASTER_KEY,
  );
  const upstream = createUndiciTransport();
  const keys = authenticated ? await keyAccess(config, options.dataDir, log) : undefined;
  const gateway = await createGateway({ config, transport: upstream.transport, log, version: options.version, keys });
  const limitMb = Number(config.general_settings.max_request_size_mb ?? DEFAULT_BODY_LIMIT_MB);
  const server = await startNodeServer({
    gateway,
    host: options.host,
    port: options.port,
    maxBodyBytes: limitMb * 1024 * 1024,
    limits: serverLimitsFrom(config.general_settings, process.env),
  });
  log.log('info', 'llmux listening', {
    url: server.url,
    models: gateway.state.router.modelNames(),
    auth: authenticated,
  });
  if (!authenticated) {
    log.log(
      'warn',
      `No master key is set: the proxy at ${server.url} is OPEN to anyone who can reach it, and spends your provider keys for them. Set general_settings.master_key (or LITELLM_MASTER_KEY).`,
    );
  }
  log.flush();
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.log('info', 'llmux shutting down: finishing in-flight requests');
      await server.shutdown(options.shutdownGraceMs ?? Number(process.env.LLMUX_SHUTDOWN_GRACE_MS ?? 30_000));
      await upstream.close().catch(() => {});
      await gateway.state.router.close().catch(() => {});
      await keys?.close().catch(() => {});
      log.log('info', 'llmux stopped');
      log.flush();
      resolveStopped(0);
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => void stop());
  }
  return { ...server, gateway, stopped, stop };
}

/**
 * Virtual keys' database: a PostgreSQL server (`database_url`, `DATABASE_URL`) opened now, or the
 * embedded one, opened now when its folder exists (keys were made before) and otherwise on the
 * first management call.
 */
async function keyAccess(config: ProxyConfig, dataDir: string | undefined, log: RequestLog): Promise<KeyAccess> {
  const databaseUrl = config.general_settings.database_url ?? process.env.DATABASE_URL;
  const folder = dataDir ?? process.env.LLMUX_DATA_DIR ?? './.llmux';
  const access = new KeyAccess(
    // Loaded when first needed: the query builder and the drivers stay out of a gateway without keys.
    async () => (await import('../store/db/open-database.js')).openDatabase({ databaseUrl, dataDir: folder }),
    (error) => log.log('error', 'spend logs are not being written', { error: String(error) }),
  );
  if (databaseUrl || (!folder.startsWith('memory://') && existsSync(folder))) await access.open();
  return access;
}
