// Runs in a worker thread started by `loadConfigIsolated`: reads and validates one config file and
// posts the result (or the error's parts) back, then exits.
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from './config-error.js';
import { loadConfigFile } from './load-config-file.js';

const { path } = workerData as { path: string };
try {
  parentPort?.postMessage({ loaded: await loadConfigFile(path) });
} catch (error) {
  parentPort?.postMessage(
    error instanceof ConfigError
      ? { configError: { file: error.file, problems: error.problems } }
      : { failure: error instanceof Error ? error.message : String(error) },
  );
}
