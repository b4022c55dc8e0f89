import { type Document, isMap, isScalar, LineCounter, parseDocument, type ScalarTag, type Tags, visit } from 'yaml';
import { ConfigError, formatPath } from './config-error.js';

/** A parsed YAML file: its plain data, and the document to find line numbers in. */
export interface YamlFile {
  source: string | undefined;
  data: unknown;
  /** Line (1-based) of the node at `path`, if the path leads to a node written in this file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  warnings: string[];
}

// LiteLLM reads its config with PyYAML (YAML 1.1). These tags give YAML 1.2 the 1.1 readings real
// configs rely on (`tpm: 20_000`, `drop_params: yes`), without 1.1's `y`/`n` booleans or timestamps.
const pyYamlBool: ScalarTag = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  identify: (value) => typeof value === 'boolean',
  test: /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (text) => /^(?:yes|on)$/i.test(text),
};
const pyYamlInt: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: (value) => typeof value === 'number' && Number.isInteger(value),
  test: /^[-+]?[0-9][0-9_]*_[0-9_]*$/,
  resolve: (text) => Number(text.replace(/_/g, '')),
};
const pyYamlFloat: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  identify: (value) => typeof value === 'number',
  test: /^[-+]?[0-9][0-9_]*_[0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+\.[0-9]*_[0-9_]*(?:[eE][-+]?[0-9]+)?$/,
  resolve: (text) => Number(text.replace(/_/g, '')),
};
const withPyYamlTags = (tags: Tags): Tags => [pyYamlBool, pyYamlInt, pyYamlFloat, ...tags];

/**
 * Parses YAML as LiteLLM's PyYAML would, failing with a `ConfigError` that gives the line and column.
 * Duplicate keys are allowed (the last wins, as in PyYAML) and reported as warnings.
 */
export function readYaml(text: string, source: string | undefined): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    customTags: withPyYamlTags,
  });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const position = error.pos[0] >= 0 ? lineCounter.linePos(error.pos[0]) : undefined;
        // yaml's message ends with a copy of the offending line; the line number is enough, and the
        // copy could be a secret written into the file.
        const detail =
          error.code === 'MULTIPLE_DOCS'
            ? 'a config file holds one YAML document, but this one has several (separated by ---)'
            : (error.message.split(' at line ')[0]?.trim() ?? error.code);
        const message = `YAML syntax error: ${detail}`;
        return { path: '', message, line: position?.line, column: position?.col };
      }),
    );
  }
  const warnings = [
    ...document.warnings.map((warning) => `${prefix(source)}${warning.message.split(' at line ')[0] ?? warning.code}`),
    ...duplicateKeyWarnings(document, lineCounter, source),
  ];
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ConfigError(source, { path: '', message: `YAML error: ${(error as Error).message}` });
  }
  return {
    source,
    data,
    warnings,
    lineOf(path) {
      const node = document.getIn(path as unknown[], true) as { range?: [number, number, number] } | undefined;
      const offset = node && typeof node === 'object' ? node.range?.[0] : undefined;
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    },
  };
}

function duplicateKeyWarnings(document: Document, lineCounter: LineCounter, source: string | undefined): string[] {
  const warnings: string[] = [];
  visit(document, {
    Map(_key, map, path) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (key === '<<' || !seen.has(key)) {
          seen.add(key);
          continue;
        }
        const keyPath = [...pathOf([...path, map]), String(key)];
        const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        const line = offset === undefined ? '' : ` (line ${lineCounter.linePos(offset).line})`;
        warnings.push(`${prefix(source)}${formatPath(keyPath)}: duplicate key; the last one is used${line}`);
      }
    },
  });
  return warnings;
}

// `visit` gives the ancestors; turn them into the data path of keys and indexes.
function pathOf(ancestors: readonly unknown[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let index = 0; index < ancestors.length; index++) {
    const node = ancestors[index];
    const child = ancestors[index + 1];
    if (isMap(node) && child !== undefined) {
      const pair = child as { key?: unknown };
      path.push(isScalar(pair.key) ? String(pair.key.value) : '?');
    } else if (
      node &&
      typeof node === 'object' &&
      'items' in node &&
      Array.isArray(node.items) &&
      child !== undefined
    ) {
      const position = node.items.indexOf(child);
      if (position >= 0 && !isMap(node)) path.push(position);
    }
  }
  return path;
}

function prefix(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}
