import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { buildConfig } from './build-config.js';
import { ConfigError, formatPath } from './config-error.js';
import type { Env, LoadedConfig } from './proxy-config.js';
import { readYaml, type YamlFile } from './read-yaml.js';

const MAX_INCLUDE_DEPTH = 10;

/**
 * Reads, parses and validates a LiteLLM-format `config.yaml`, with the files it `include`s
 * (paths relative to the including file; their `model_list` entries are appended).
 *
 * @example
 * const { config, warnings } = await loadConfigFile('config.yaml');
 * for (const warning of warnings) console.warn(warning);
 */
export async function loadConfigFile(path: string, options: { env?: Env } = {}): Promise<LoadedConfig> {
  const files: YamlFile[] = [];
  await readWithIncludes({ path, label: path, files, chain: [] });
  return buildConfig(files, options.env ?? process.env);
}

async function readWithIncludes(options: {
  path: string;
  label: string;
  files: YamlFile[];
  chain: string[];
}): Promise<void> {
  const { path, label, files, chain } = options;
  const absolute = resolve(path);
  const text = await readFile(absolute, 'utf8');
  const file = readYaml(text, label);
  files.push(file);
  const includes = includeList(file);
  if (includes.length === 0) return;
  if (chain.length >= MAX_INCLUDE_DEPTH) {
    throw new ConfigError(label, {
      path: 'include',
      message: `includes are nested more than ${MAX_INCLUDE_DEPTH} deep`,
    });
  }
  for (const [index, name] of includes.entries()) {
    const target = resolve(dirname(absolute), name);
    const where = { path: formatPath(['include', index]), line: file.lineOf(['include', index]) };
    if (target === absolute || chain.includes(target)) {
      throw new ConfigError(label, { ...where, message: `${name} includes itself (directly or through other files)` });
    }
    const targetLabel = relative(process.cwd(), target) || target;
    try {
      await readWithIncludes({ path: target, label: targetLabel, files, chain: [...chain, absolute] });
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfigError(label, { ...where, message: `cannot read ${name} (${reason})` });
    }
  }
}

/** `include: file.yaml` or `include: [a.yaml, b.yaml]`. */
function includeList(file: YamlFile): string[] {
  const data = file.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('include' in data)) return [];
  const value = (data as Record<string, unknown>).include;
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  list.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      const path = Array.isArray(value) ? ['include', index] : ['include'];
      throw new ConfigError(file.source, {
        path: formatPath(path),
        message: 'expected a file path (a string)',
        line: file.lineOf(path),
      });
    }
  });
  return list as string[];
}
