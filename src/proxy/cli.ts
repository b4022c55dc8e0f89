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
  --host <address>      address to bind (default 0.0.0.0, or $HOST)
  --model <name>        one-model quick start, e.g. --model anthropic/claude-sonnet-4-5
  --num_workers <n>     worker processes sharing the port (default 1)
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
  host: string;
  model?: string;
  numWorkers: number;
  debug: boolean;
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
    host: options.host,
    port: options.port,
    logLevel: options.debug ? 'debug' : undefined,
    version: packageVersion(),
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
    host: values.host ?? process.env.HOST ?? '0.0.0.0',
    numWorkers,
    debug: values.detailed_debug === true || values.debug === true,
  };
  if (values.config !== undefined) options.config = values.config;
  if (values.model !== undefined) options.model = values.model;
  return options;
}

/** `--num_workers`: the primary forks workers that share the port, restarts crashed ones, and stops them on SIGTERM. */
function runPrimary(count: number): Promise<number> {
  let stopping = false;
  for (let index = 0; index < count; index++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (!stopping && code !== 0) {
      process.stderr.write(`llmux: worker ${worker.process.pid} exited with ${code}; starting another\n`);
      cluster.fork();
    }
  });
  return new Promise((resolve) => {
    const stop = () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    cluster.on('exit', () => {
      if (stopping && Object.keys(cluster.workers ?? {}).length === 0) resolve(0);
    });
  });
}

function print(text: string, code: number, toStderr = false): number {
  (toStderr ? process.stderr : process.stdout).write(text);
  return code;
}
