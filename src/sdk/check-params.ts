import { UnsupportedParamsError } from '../errors/index.js';
import { OPENAI_CHAT_PARAM_SET } from '../providers/openai-params.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { Provider } from '../spec/provider.js';
import type { Warning } from '../spec/warning.js';

/**
 * Removes OpenAI params the provider does not support when `drop_params` is set (each one a
 * warning), or raises `UnsupportedParamsError` naming them, as LiteLLM does. Provider-specific
 * extras (names OpenAI does not have) pass through untouched. `null` values are dropped silently.
 */
export function checkParams(options: {
  request: Record<string, unknown>;
  provider: Provider;
  modelId: string;
  litellm: LiteLLMParams;
  warnings: Warning[];
}): void {
  const { request, provider, modelId, litellm, warnings } = options;
  const supported = provider.supportedParams(modelId);
  const unsupported: string[] = [];
  for (const name of Object.keys(request)) {
    if (request[name] === null) {
      delete request[name];
      continue;
    }
    if (litellm.additional_drop_params?.includes(name)) {
      delete request[name];
      warnings.push({ type: 'dropped-param', param: name, message: `'${name}' dropped by additional_drop_params` });
      continue;
    }
    if (!OPENAI_CHAT_PARAM_SET.has(name) || supported.has(name)) continue;
    if (name === 'n' && request.n === 1) {
      delete request.n;
      continue;
    }
    unsupported.push(name);
  }
  if (unsupported.length === 0) return;
  if (!litellm.drop_params) {
    throw new UnsupportedParamsError({
      message: `${provider.id} does not support parameters: [${unsupported.map((name) => `'${name}'`).join(', ')}], for model=${modelId}. To drop these, set 'drop_params: true'.`,
      provider: provider.id,
      model: modelId,
      param: unsupported[0],
      code: 'unsupported_parameter',
    });
  }
  for (const name of unsupported) {
    delete request[name];
    warnings.push({ type: 'dropped-param', param: name, message: `${provider.id} does not support '${name}'` });
  }
}
