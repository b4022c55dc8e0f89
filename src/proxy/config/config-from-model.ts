import type { ProxyConfig } from './proxy-config.js';

/**
 * The config behind the CLI's `--model` quick start: one deployment, reachable by the same name.
 *
 * @example
 * configFromModel('openai/gpt-4o').model_list;
 * // [{ model_name: 'openai/gpt-4o', litellm_params: { model: 'openai/gpt-4o' }, model_info: {} }]
 */
export function configFromModel(model: string): ProxyConfig {
  return {
    model_list: model === '' ? [] : [{ model_name: model, litellm_params: { model }, model_info: {} }],
    litellm_settings: {},
    router_settings: {},
    general_settings: {},
    environment_variables: {},
  };
}
