import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// Not the config index: the YAML parser and schema validator load only in the config reader's worker.
import { ConfigError } from './config/config-error.js';
import { configFromModel } from './config/config-from-model.js';
import { loadConfigIsolated } from './config/load-config-isolated.js';
import type { LoadedConfig } from './config/proxy-config.js';
import { startProxy } from './start-proxy.js';

const HELP = `llmux — one OpenAI-compatible gateway over 100+ LLM providers (LiteLLM-compatible)

Usage: llmux [options]

Options:
  --config <path>       LiteLLM-format config.yaml (model_list, litellm_settings, router_settings, general_settings)
  --port <number>       port to listen on (default 4000, or $PORT)
  --host <address>      address to bind (or $HOST); default 0.0.0.0 with a master key, else 127.0.0.1
  --model <name>        one-model quick start, e.g. --model anthropic/claude-sonnet-4-5
  --num_workers <n>     worker processes sharing the port (default 1); a dead one is restarted with backoff
  --data-dir <path>     the embedded database for virtual keys and spend (or $LLMUX_DATA_DIR; default ./.llmux);
                        general_settings.database_url or $DATABASE_URL use a PostgreSQL server instead
  --detailed_debug      debug logs
  --version, -v         print the version
  --help, -h            print this help

Environment: LITELLM_MASTER_KEY / LLMUX_MASTER_KEY (master key), LLMUX_LOG_LEVEL (silent|error|info|debug),
provider keys (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, …).
`;

/** The package version, read from package.json beside dist/. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

interface CliOptions {
  config?: string;
  port: number;
  /** Unset: chosen once the config is read (it depends on the master key). */
  host?: string;
  model?: string;
  numWorkers: number;
  debug: boolean;
  dataDir?: string;
}

/** Runs the CLI; resolves to the exit code once the server has stopped (or at once for --help). */
export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    const parsed = parseCli(argv);
    if (parsed === 'help') return print(HELP, 0);
    if (parsed === 'version') return print(`${packageVersion()}\n`, 0);
    options = parsed;
  } catch (error) {
    return print(`llmux: ${(error as Error).message}\n\n${HELP}`, 2, true);
  }
  let loaded: LoadedConfig;
  try {
    loaded = options.config
      ? await loadConfigIsolated(options.config)
      : { config: configFromModel(options.model ?? ''), warnings: [] };
    if (!options.config && !options.model)
      return print(`llmux: give --config <file> or --model <name>\n\n${HELP}`, 2, true);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `could not read config: ${(error as Error).message}`;
    return print(`llmux: ${message}\n`, 1, true);
  }
  if (options.numWorkers > 1 && cluster.isPrimary) return runPrimary(options.numWorkers);
  const running = await startProxy({
    config: loaded.config,
    warnings: loaded.warnings,
    host: options.host ?? defaultHost(loaded.config),
    port: options.port,
    logLevel: options.debug ? 'debug' : undefined,
    version: packageVersion(),
    dataDir: options.dataDir,
  });
  return running.stopped;
}

function parseCli(argv: string[]): CliOptions | 'help' | 'version' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      model: { type: 'string', short: 'm' },
      num_workers: { type: 'string' },
      'data-dir': { type: 'string' },
      detailed_debug: { type: 'boolean' },
      debug: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const port = Number(values.port ?? process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got '${values.port}'`);
  const numWorkers = Number(values.num_workers ?? 1);
  if (!Number.isInteger(numWorkers) || numWorkers < 1)
    throw new Error(`--num_workers must be a positive integer, got '${values.num_workers}'`);
  const options: CliOptions = {
    port,
    numWorkers,
    debug: values.detailed_debug === true || values.debug === true,
  };
  const host = values.host ?? process.env.HOST;
  if (host !== undefined && host !== '') options.host = host;
  if (values.config !== undefined) options.config = values.config;
  if (values.model !== undefined) options.model = values.model;
  if (values['data-dir'] !== undefined) options.dataDir = values['data-dir'];
  return options;
}

/**
 * Without `--host`: every interface (LiteLLM's 0.0.0.0) only when a master key guards the proxy;
 * an open proxy listens on loopback alone, so it is not reachable from the network by accident.
 */
function defaultHost(config: LoadedConfig['config']): string {
  const masterKey =
    config.general_settings.master_key ??
    config.environment_variables?.['LLMUX_MASTER_KEY'] ??
    config.environment_variables?.['LITELLM_MASTER_KEY'] ??
    process.env.LLMUX_MASTER_KEY ??
    process.env.LITELLM_MASTER_KEY;
  return masterKey ? '0.0.0.0' : '127.0.0.1';
}

/**
 * `--num_workers`: the primary forks workers that share the port and stops them on SIGTERM. A worker
 * that dies is replaced after a delay that doubles with each death in a row (1 s up to 30 s), so a
 * worker that cannot start does not spin in a tight loop; a worker that lived a while resets it.
 */
function runPrimary(count: number): Promise<number> {
  let stopping = false;
  const backoff = new RestartBackoff();
  const bornAt = new Map<number, number>();
  const pending = new Set<NodeJS.Timeout>();
  const fork = () => {
    const worker = cluster.fork();
    bornAt.set(worker.id, Date.now());
  };
  for (let index = 0; index < count; index++) fork();
  return new Promise((resolve) => {
    const finishIfIdle = () => {
      if (stopping && pending.size === 0 && Object.keys(cluster.workers ?? {}).length === 0) resolve(0);
    };
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (bornAt.get(worker.id) ?? Date.now());
      bornAt.delete(worker.id);
      if (stopping) return finishIfIdle();
      const delay = backoff.next(lived);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      process.stderr.write(
        `llmux: worker ${worker.process.pid} exited (${how}) after ${lived} ms; restarting in ${delay / 1000} s\n`,
      );
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!stopping) fork();
        finishIfIdle();
      }, delay);
      pending.add(timer);
    });
    const stop = () => {
      stopping = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      finishIfIdle();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** Restart delays: 1 s, doubling per death in a row, at most 30 s; reset by a worker that lived a minute. */
export class RestartBackoff {
  static readonly FIRST_MS = 1_000;
  static readonly MAX_MS = 30_000;
  static readonly HEALTHY_LIFETIME_MS = 60_000;
  private deathsInARow = 0;

  /** The delay before replacing a worker that lived `livedMs`. */
  next(livedMs: number): number {
    if (livedMs >= RestartBackoff.HEALTHY_LIFETIME_MS) this.deathsInARow = 0;
    const delay = Math.min(RestartBackoff.MAX_MS, RestartBackoff.FIRST_MS * 2 ** this.deathsInARow);
    this.deathsInARow++;
    return delay;
  }
}

function print(text: string, code: number, toStderr = false): number {
  (toStderr ? process.stderr : process.stdout).write(text);
  return code;
}
