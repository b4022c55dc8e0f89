import type { z } from 'zod';
import { ConfigError, type ConfigProblem, formatPath } from './config-error.js';
import { configSchema } from './config-schema.js';
import type { CredentialEntry } from './credential-list.js';
import type { DeploymentConfig, GeneralSettings } from './proxy-config.js';
import type { YamlFile } from './read-yaml.js';
import type { EnvResolution } from './resolve-env-references.js';

/** The sections of one file after validation: numbers coerced, absent sections empty. */
export interface ValidatedSections {
  model_list: DeploymentConfig[];
  litellm_settings: Record<string, unknown>;
  router_settings: Record<string, unknown>;
  general_settings: GeneralSettings;
  credential_list: CredentialEntry[];
}

// A key whose value is a credential: never repeat it, even when it was written into the file.
const SENSITIVE_KEY = /key|secret|token|password|credential/i;

/**
 * Validates the sections llmux reads, throwing one `ConfigError` that lists every problem with its
 * path and line. Values read from the environment are never repeated in the message.
 */
export function validateConfig(options: {
  data: Record<string, unknown>;
  file: YamlFile;
  resolution: Pick<EnvResolution, 'fromEnvironment' | 'missing'>;
}): ValidatedSections {
  const result = configSchema.safeParse(options.data);
  if (result.success) return result.data as ValidatedSections;
  const missingAt = new Map<string, string>();
  for (const [name, paths] of options.resolution.missing) for (const path of paths) missingAt.set(path, name);
  const problems = result.error.issues.map((issue) =>
    toProblem({ issue, file: options.file, fromEnvironment: options.resolution.fromEnvironment, missingAt }),
  );
  throw new ConfigError(options.file.source, problems);
}

function toProblem(options: {
  issue: z.core.$ZodIssue;
  file: YamlFile;
  fromEnvironment: Map<string, string>;
  missingAt: Map<string, string>;
}): ConfigProblem {
  const { issue } = options;
  const path = formatPath(issue.path);
  let message = issue.message;
  const params = issue.code === 'custom' ? issue.params : undefined;
  if (params && 'received' in params) {
    const variable = options.fromEnvironment.get(path);
    const lastKey = issue.path[issue.path.length - 1];
    if (variable !== undefined) message += `, got the value of os.environ/${variable}`;
    else if (!(typeof lastKey === 'string' && SENSITIVE_KEY.test(lastKey)))
      message += `, got ${describe(params.received)}`;
  }
  const unset = options.missingAt.get(path);
  if (unset !== undefined) message += ` (os.environ/${unset} is not set)`;
  return { path, message, line: options.file.lineOf(issue.path) };
}

/** What a value is, short enough for one line: `"abc"`, `12`, `a list`. */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
