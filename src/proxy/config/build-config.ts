import { aliasWarnings } from './alias-warnings.js';
import { ConfigError, formatPath, formatProblem } from './config-error.js';
import { applyCredentials } from './credential-list.js';
import { keyWarnings } from './key-warnings.js';
import type { Env, LoadedConfig, ProxyConfig } from './proxy-config.js';
import type { YamlFile } from './read-yaml.js';
import { type EnvResolution, isPlainObject, resolveEnvReferences } from './resolve-env-references.js';
import { type ValidatedSections, validateConfig } from './validate-config.js';

const MASTER_KEY_PATH = 'general_settings.master_key';

/**
 * Turns parsed YAML files (the main file first, then what it includes) into one `ProxyConfig`:
 * `environment_variables` first, then `os.environ/` references resolved against the environment
 * plus those variables, then each file validated, then the files merged.
 */
export function buildConfig(files: readonly YamlFile[], env: Env): LoadedConfig {
  const warnings = files.flatMap((file) => file.warnings);
  const documents = files.map((file) => ({ file, data: topLevelOf(file) }));
  const environmentVariables = readEnvironmentVariables(documents, env, warnings);
  // The config's variables win over the environment, as in LiteLLM (and as start-proxy sets them).
  const resolutionEnv: Env = { ...env, ...environmentVariables };

  const parts = documents.map(({ file, data }) => {
    const { environment_variables: _variables, include: _include, ...rest } = data;
    const resolution = resolveEnvReferences(rest, resolutionEnv, { source: file.source });
    const resolved = resolution.value as Record<string, unknown>;
    failOnUnsetMasterKey(file, resolution);
    warnings.push(...missingVariableWarnings(file.source, resolution));
    const sections = validateConfig({ data: resolved, file, resolution });
    warnings.push(...keyWarnings(rest, file.source));
    return { file, resolved, sections };
  });

  applyCredentials(parts.map(({ file, sections }) => ({ file, ...sections })));
  const [main, ...included] = parts;
  const config: ProxyConfig = {
    ...(main ? withoutSections(main.resolved) : {}),
    model_list: [],
    litellm_settings: {},
    router_settings: {},
    general_settings: {},
    environment_variables: environmentVariables,
  };
  if (main?.file.source !== undefined) config.source = main.file.source;
  const origins = new Map<string, string | undefined>();
  for (const part of parts) mergeFile({ config, part, origins, warnings });
  for (const part of included) mergeExtraSections({ config, part, origins, warnings });
  warnings.push(...checkMasterKey(config, main?.file.source));
  warnings.push(...aliasWarnings(config));
  return { config, warnings };
}

function topLevelOf(file: YamlFile): Record<string, unknown> {
  if (file.data === null || file.data === undefined) return {};
  if (isPlainObject(file.data)) return file.data;
  throw new ConfigError(file.source, {
    path: '',
    message:
      'the top level must be a mapping of sections (model_list, litellm_settings, router_settings, general_settings, …)',
    line: 1,
  });
}

function readEnvironmentVariables(
  documents: readonly { file: YamlFile; data: Record<string, unknown> }[],
  env: Env,
  warnings: string[],
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const { file, data } of documents) {
    const section = data.environment_variables;
    if (section === undefined || section === null) continue;
    if (!isPlainObject(section)) {
      throw new ConfigError(file.source, {
        path: 'environment_variables',
        message: 'expected a mapping of NAME: value',
        line: file.lineOf(['environment_variables']),
      });
    }
    const resolution = resolveEnvReferences(section, env, { source: file.source, path: ['environment_variables'] });
    warnings.push(...missingVariableWarnings(file.source, resolution));
    for (const [name, value] of Object.entries(resolution.value as Record<string, unknown>)) {
      const path = ['environment_variables', name];
      if (value === undefined) continue;
      if (value === null) {
        warnings.push(
          formatProblem(file.source, { path: formatPath(path), message: 'has no value; the variable is not set' }),
        );
        continue;
      }
      if (typeof value === 'object') {
        throw new ConfigError(file.source, {
          path: formatPath(path),
          message: 'expected a string, number or boolean',
          line: file.lineOf(path),
        });
      }
      // The main file's value wins over an included file's, as for every other setting.
      if (!(name in variables)) variables[name] = String(value);
    }
  }
  return variables;
}

function missingVariableWarnings(source: string | undefined, resolution: EnvResolution): string[] {
  return [...resolution.missing].map(
    ([name, paths]) =>
      `${source === undefined ? '' : `${source}: `}${paths.join(', ')}: os.environ/${name} is not set; the value is left empty`,
  );
}

// A master key that resolves to nothing would start the proxy with no authentication at all.
function failOnUnsetMasterKey(file: YamlFile, resolution: EnvResolution): void {
  for (const [name, paths] of resolution.missing) {
    if (!paths.includes(MASTER_KEY_PATH)) continue;
    throw new ConfigError(file.source, {
      path: MASTER_KEY_PATH,
      message: `os.environ/${name} is not set; refusing to start without the configured master key (remove master_key to run without authentication)`,
      line: file.lineOf(['general_settings', 'master_key']),
    });
  }
}

/** Rejects an empty master key; warns about one LiteLLM itself would refuse. */
function checkMasterKey(config: ProxyConfig, source: string | undefined): string[] {
  const key = config.general_settings.master_key;
  if (key === undefined) return [];
  if (key.trim() === '') {
    throw new ConfigError(source, {
      path: MASTER_KEY_PATH,
      message: 'is empty; remove master_key to run without authentication',
    });
  }
  if (key.startsWith('sk-')) return [];
  return [
    formatProblem(source, {
      path: MASTER_KEY_PATH,
      message: 'does not start with "sk-", which LiteLLM requires; llmux accepts it',
    }),
  ];
}

const SECTION_NAMES = new Set([
  'model_list',
  'litellm_settings',
  'router_settings',
  'general_settings',
  'environment_variables',
  'include',
]);

function withoutSections(resolved: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resolved).filter(([key]) => !SECTION_NAMES.has(key)));
}

interface MergeOptions {
  config: ProxyConfig;
  /** Path of each merged setting → the file it came from, for conflict warnings. */
  origins: Map<string, string | undefined>;
  warnings: string[];
}

// model_list entries are concatenated; a setting set twice keeps the first value (the main file's).
function mergeFile(options: MergeOptions & { part: { file: YamlFile; sections: ValidatedSections } }): void {
  const { config, part } = options;
  config.model_list.push(...part.sections.model_list);
  for (const name of ['litellm_settings', 'router_settings', 'general_settings'] as const) {
    const target = config[name] as Record<string, unknown>;
    for (const [key, value] of Object.entries(part.sections[name])) {
      if (claim(options, `${name}.${key}`, part.file.source)) target[key] = value;
    }
  }
}

// Other top-level sections of included files: lists are concatenated, mappings merged.
function mergeExtraSections(
  options: MergeOptions & { part: { file: YamlFile; resolved: Record<string, unknown> } },
): void {
  const { config, part } = options;
  for (const [key, value] of Object.entries(withoutSections(part.resolved))) {
    const existing = config[key];
    if (existing === undefined) config[key] = value;
    else if (Array.isArray(existing) && Array.isArray(value)) config[key] = [...existing, ...value];
    else if (isPlainObject(existing) && isPlainObject(value)) {
      for (const [subKey, subValue] of Object.entries(value)) {
        if (claim(options, `${key}.${subKey}`, part.file.source, subKey in existing)) existing[subKey] = subValue;
      }
    } else claim(options, key, part.file.source, true);
  }
}

/** Records `path` as set by `source`; false (with a warning) if an earlier file set it. */
function claim(
  options: MergeOptions,
  path: string,
  source: string | undefined,
  taken = options.origins.has(path),
): boolean {
  if (!taken) {
    options.origins.set(path, source);
    return true;
  }
  const winner = options.origins.get(path) ?? options.config.source ?? 'the main file';
  options.warnings.push(formatProblem(source, { path, message: `also set in ${winner}; that value is used` }));
  return false;
}
