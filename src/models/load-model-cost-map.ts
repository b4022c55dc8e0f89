import type { LiteLLMModelCostMap } from './litellm-cost-map.js';
import { readLocalFile } from './read-local-file.js';

/** Options of `loadModelCostMap`. */
export interface LoadModelCostMapOptions {
  /** Milliseconds before an http(s) download is abandoned; LiteLLM waits 5 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

function parseCostMap(text: string, source: string): LiteLLMModelCostMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`The model cost map at ${source} is not JSON`, { cause: error });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`The model cost map at ${source} is not a JSON object of model entries`);
  }
  return parsed as LiteLLMModelCostMap;
}

async function download(url: string, options: LoadModelCostMapOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 5000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`Fetching the model cost map from ${url} failed with HTTP ${response.status}`);
  }
  return response.text();
}

/**
 * Reads a LiteLLM-format cost map (`model_prices_and_context_window.json`) from an http(s) URL
 * (global `fetch`, any runtime) or a local path / `file://` URL (Node, Bun and Deno only).
 * Pass the result to `registerModel` to use it.
 * @example registerModel(await loadModelCostMap('https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json'));
 */
export async function loadModelCostMap(
  source: string,
  options: LoadModelCostMapOptions = {},
): Promise<LiteLLMModelCostMap> {
  const text = /^https?:\/\//i.test(source) ? await download(source, options) : await readLocalFile(source);
  return parseCostMap(text, source);
}
