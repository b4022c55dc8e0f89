import { readEnv } from '../http/read-env.js';
import { registerModel } from './litellm-cost-map.js';
import { loadModelCostMap } from './load-model-cost-map.js';

let loading: Promise<boolean> | undefined;

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(true|1|yes)$/i.test(value.trim());
}

async function loadFromEnvironment(): Promise<boolean> {
  const source = readEnv('LITELLM_MODEL_COST_MAP_URL');
  if (!source || isTrue(readEnv('LITELLM_LOCAL_MODEL_COST_MAP'))) return false;
  try {
    registerModel(await loadModelCostMap(source));
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // LiteLLM falls back to its bundled map the same way: a bad URL must not stop calls.
    console.warn(`llmux: could not load LITELLM_MODEL_COST_MAP_URL (${source}): ${reason}. Using the built-in prices.`);
    return false;
  }
}

/**
 * Loads and registers the cost map at `LITELLM_MODEL_COST_MAP_URL` once per process (unless
 * `LITELLM_LOCAL_MODEL_COST_MAP=True`); resolves `true` when a map was registered. A failure
 * logs one warning and keeps the built-in prices. Safe to call before every request.
 * @example await ensureModelCostMapLoaded();
 */
export function ensureModelCostMapLoaded(): Promise<boolean> {
  loading ??= loadFromEnvironment();
  return loading;
}

/** Forgets the memoised load so the next `ensureModelCostMapLoaded` reads the environment again (tests). */
export function resetModelCostMapLoad(): void {
  loading = undefined;
}
