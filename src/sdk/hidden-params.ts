import type { Warning } from '../spec/warning.js';

/** What LiteLLM keeps in `_hidden_params`: facts about the call that are not part of OpenAI's body. */
export interface HiddenParams {
  /** The provider that served the call, e.g. `anthropic`. */
  custom_llm_provider: string;
  /** The provider's model id. */
  model: string;
  api_base: string | undefined;
  /** USD cost of the call from the price table (or the deployment's overrides); `undefined` when the model has no known price. */
  response_cost: number | undefined;
  /** Upstream response headers (lower-case), e.g. `x-ratelimit-remaining-requests`. */
  additional_headers: Record<string, string>;
  /** Parameters llmux dropped, renamed or clamped for this call. */
  warnings: Warning[];
  /** Price overrides of the deployment, used when recomputing cost. */
  litellm_params?: Record<string, unknown>;
}

/**
 * Attaches `_hidden_params` as a non-enumerable property, so `JSON.stringify` (and so the proxy's
 * answer) sends exactly OpenAI's body while SDK callers can still read it.
 */
export function attachHiddenParams<T extends object>(
  target: T,
  hidden: HiddenParams,
): T & { _hidden_params: HiddenParams } {
  Object.defineProperty(target, '_hidden_params', {
    value: hidden,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return target as T & { _hidden_params: HiddenParams };
}
