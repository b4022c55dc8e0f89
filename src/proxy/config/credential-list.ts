import { z } from 'zod';
import { ConfigError, type ConfigProblem, formatPath } from './config-error.js';
import { requiredText } from './config-fields.js';
import type { DeploymentConfig } from './proxy-config.js';
import type { YamlFile } from './read-yaml.js';

/** One `credential_list` entry, validated. */
export interface CredentialEntry {
  credential_name: string;
  credential_values: Record<string, unknown>;
  credential_info?: Record<string, unknown> | null | undefined;
}

function mappingError() {
  return {
    error: (issue: { code?: string }) =>
      issue.code === 'invalid_type' ? 'expected a mapping (key: value pairs)' : undefined,
  };
}

/**
 * LiteLLM's top-level `credential_list`: named sets of `litellm_params` values (api_key, api_base,
 * api_version, …) that deployments take by `litellm_params.litellm_credential_name`. The values are
 * checked by `valuesSchema` (config-schema.ts passes its `litellm_params` schema without `model`).
 */
export function credentialListSchema(valuesSchema: z.ZodType) {
  const entry = z.looseObject(
    {
      credential_name: requiredText(),
      credential_values: valuesSchema,
      credential_info: z.looseObject({}, mappingError()).nullish(),
    },
    mappingError(),
  );
  return z
    .array(entry, {
      error: (issue) => (issue.code === 'invalid_type' ? 'expected a list of credentials' : undefined),
    })
    .nullish()
    .transform((value) => (value ?? []) as CredentialEntry[]);
}

/** A file's deployments and credentials, as `buildConfig` holds them before merging. */
export interface CredentialPart {
  file: YamlFile;
  model_list: DeploymentConfig[];
  credential_list: CredentialEntry[];
}

/**
 * Gives each deployment with `litellm_credential_name` the values of that credential (from any
 * file of the config), except those the deployment sets itself, as LiteLLM does; the name is then
 * removed so it never reaches a provider. An unknown name is a config error at its line.
 */
export function applyCredentials(parts: readonly CredentialPart[]): void {
  const credentials = new Map<string, Record<string, unknown>>();
  // The first definition of a name wins, as LiteLLM's lookup does (and the main file comes first).
  for (const part of parts)
    for (const credential of part.credential_list)
      if (!credentials.has(credential.credential_name))
        credentials.set(credential.credential_name, credential.credential_values);
  const problems: ConfigProblem[] = [];
  for (const part of parts) {
    part.model_list.forEach((deployment, index) => {
      const params = deployment.litellm_params as Record<string, unknown>;
      const name = params.litellm_credential_name;
      if (name === undefined) return;
      delete params.litellm_credential_name;
      const values = credentials.get(name as string);
      if (!values) {
        const path = ['model_list', index, 'litellm_params', 'litellm_credential_name'];
        const known = [...credentials.keys()];
        const message = `no credential named ${JSON.stringify(name)} in credential_list${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`;
        problems.push({ path: formatPath(path), message, line: part.file.lineOf(path) });
        return;
      }
      for (const [key, value] of Object.entries(values)) if (params[key] === undefined) params[key] = value;
    });
    if (problems.length > 0) throw new ConfigError(part.file.source, problems);
  }
}
