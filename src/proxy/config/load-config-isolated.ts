import { Worker } from 'node:worker_threads';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { LoadedConfig } from './proxy-config.js';

type WorkerAnswer =
  | { loaded: LoadedConfig }
  | { configError: { file: string | undefined; problems: ConfigProblem[] } }
  | { failure: string };

/**
 * `loadConfigFile` in a worker thread that exits afterwards. The YAML parser and the schema
 * validator (about 4 MB of live heap and 7 MB of RSS) are needed once, at start-up: loaded in the
 * gateway's own heap they would stay there, and every major GC would walk them
 * (docs/benchmarks.md). The worker sees the same environment; its answer is plain data.
 */
export async function loadConfigIsolated(path: string): Promise<LoadedConfig> {
  const worker = startWorker(path);
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the config reader stopped (exit code ${code})`)));
    });
    if ('loaded' in answer) return answer.loaded;
    if ('configError' in answer) throw new ConfigError(answer.configError.file, answer.configError.problems);
    throw new Error(answer.failure);
  } finally {
    await worker.terminate();
  }
}

function startWorker(path: string): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./config-worker.js', import.meta.url), { workerData: { path } });
  }
  // Run from source (the tests, under tsx): Node 20 does not apply `--import tsx` in a worker, so
  // the worker registers tsx itself before loading the TypeScript entry.
  const entry = JSON.stringify(new URL('./config-worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { path } });
}
