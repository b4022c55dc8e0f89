import { ConfigError, formatPath } from './config-error.js';
import type { Env } from './proxy-config.js';

/** LiteLLM's marker for "read this value from the environment": `api_key: os.environ/OPENAI_API_KEY`. */
export const ENV_REFERENCE_PREFIX = 'os.environ/';

/** A tree with its `os.environ/` references replaced, and where they were. */
export interface EnvResolution {
  value: unknown;
  /** Formatted path → variable name, for every value read from the environment. */
  fromEnvironment: Map<string, string>;
  /** Variable name → formatted paths, for every reference to an unset variable (left `undefined`). */
  missing: Map<string, string[]>;
}

/**
 * Replaces every `os.environ/NAME` string, at any depth and inside lists, with `env[NAME]`.
 * An unset variable leaves `undefined` and is recorded in `missing`: LiteLLM resolves lazily, so a
 * missing provider key should fail the calls that need it, not the start-up.
 *
 * @example
 * resolveEnvReferences({ api_key: 'os.environ/KEY' }, { KEY: 'sk-1' }, { source: 'config.yaml' }).value
 * // { api_key: 'sk-1' }
 */
export function resolveEnvReferences(
  tree: unknown,
  env: Env,
  options: { source: string | undefined; path?: readonly PropertyKey[] },
): EnvResolution {
  const resolution: EnvResolution = { value: undefined, fromEnvironment: new Map(), missing: new Map() };
  const visit = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') return value.startsWith(ENV_REFERENCE_PREFIX) ? lookUp(value, path) : value;
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = visit(item, [...path, key]);
      return copy;
    }
    return value;
  };
  const lookUp = (reference: string, path: PropertyKey[]): string | undefined => {
    const name = reference.slice(ENV_REFERENCE_PREFIX.length);
    const where = formatPath(path);
    if (name === '') {
      throw new ConfigError(options.source, {
        path: where,
        message: `${ENV_REFERENCE_PREFIX} needs a variable name after the slash`,
      });
    }
    const found = env[name];
    if (found === undefined) {
      resolution.missing.set(name, [...(resolution.missing.get(name) ?? []), where]);
      return undefined;
    }
    resolution.fromEnvironment.set(where, name);
    return found;
  };
  resolution.value = visit(tree, [...(options.path ?? [])]);
  return resolution;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
