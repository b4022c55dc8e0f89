import { buildConfig } from './build-config.js';
import { ConfigError } from './config-error.js';
import type { Env, LoadedConfig } from './proxy-config.js';
import { readYaml } from './read-yaml.js';

/**
 * Parses and validates a LiteLLM-format `config.yaml` held in memory. `os.environ/NAME` values are
 * read from `options.env` (default `process.env`) plus the file's `environment_variables`.
 * `include` needs a file to resolve against: use `loadConfigFile` for configs that have one.
 *
 * @example
 * const { config, warnings } = parseConfig('model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: openai/gpt-4o }\n');
 * config.model_list[0]?.litellm_params.model; // 'openai/gpt-4o'
 */
export function parseConfig(text: string, options: { source?: string; env?: Env } = {}): LoadedConfig {
  const file = readYaml(text, options.source);
  const data = file.data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && 'include' in data) {
    throw new ConfigError(options.source, {
      path: 'include',
      message: 'include needs a file to resolve against; load this config with loadConfigFile',
      line: file.lineOf(['include']),
    });
  }
  return buildConfig([file], options.env ?? process.env);
}
