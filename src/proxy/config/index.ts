export { ConfigError, type ConfigProblem } from './config-error.js';
export { configFromModel } from './config-from-model.js';
export {
  GENERAL_SETTINGS_KEYS,
  IMPLEMENTED,
  LITELLM_SETTINGS_KEYS,
  LITELLM_TOP_LEVEL_KEYS,
  ROUTER_SETTINGS_KEYS,
} from './known-settings.js';
export { loadConfigFile } from './load-config-file.js';
export { parseConfig } from './parse-config.js';
export type { DeploymentConfig, Env, GeneralSettings, LoadedConfig, ProxyConfig } from './proxy-config.js';
export { ENV_REFERENCE_PREFIX } from './resolve-env-references.js';
