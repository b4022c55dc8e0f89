import { formatPath, formatProblem } from './config-error.js';
import {
  GENERAL_SETTINGS_KEYS,
  IMPLEMENTED,
  LITELLM_SETTINGS_KEYS,
  LITELLM_TOP_LEVEL_KEYS,
  ROUTER_SETTINGS_KEYS,
  UNIMPLEMENTED_LITELLM_STRATEGIES,
} from './known-settings.js';
import { isPlainObject } from './resolve-env-references.js';

const SECTIONS = [
  { name: 'litellm_settings', known: LITELLM_SETTINGS_KEYS, implemented: IMPLEMENTED.litellm_settings },
  { name: 'router_settings', known: ROUTER_SETTINGS_KEYS, implemented: IMPLEMENTED.router_settings },
  { name: 'general_settings', known: GENERAL_SETTINGS_KEYS, implemented: IMPLEMENTED.general_settings },
] as const;

/**
 * Warnings for keys llmux keeps but does not act on: one per key LiteLLM does not document either
 * (a typo, most often), and one per section listing the LiteLLM keys llmux does not implement yet.
 * `litellm_params` is not checked: it takes any provider-specific key.
 */
export function keyWarnings(data: Record<string, unknown>, source: string | undefined): string[] {
  const warnings: string[] = [];
  const warn = (path: PropertyKey[], message: string) =>
    warnings.push(formatProblem(source, { path: formatPath(path), message }));
  const { unknown, notImplemented } = sortKeys(Object.keys(data), IMPLEMENTED.topLevel, LITELLM_TOP_LEVEL_KEYS);
  for (const key of unknown) warn([key], "unknown section (not one of LiteLLM's); it is kept but has no effect");
  if (notImplemented.length > 0) {
    const message = `LiteLLM ${plural(notImplemented, 'section')} that llmux does not implement yet; kept, but without effect`;
    warnings.push(formatProblem(source, { path: notImplemented.join(', '), message }));
  }
  for (const { name, known, implemented } of SECTIONS) {
    const section = data[name];
    if (!isPlainObject(section)) continue;
    const keys = sortKeys(Object.keys(section), implemented, known);
    for (const key of keys.unknown)
      warn([name, key], "unknown setting (not in LiteLLM's documented settings); it is kept but has no effect");
    if (keys.notImplemented.length > 0) {
      const list = keys.notImplemented.join(', ');
      warnings.push(
        formatProblem(source, {
          path: name,
          message: `${list}: LiteLLM ${plural(keys.notImplemented, 'setting')} that llmux does not implement yet; kept, but without effect`,
        }),
      );
    }
  }
  const strategy = isPlainObject(data.router_settings) ? data.router_settings.routing_strategy : undefined;
  if (typeof strategy === 'string' && UNIMPLEMENTED_LITELLM_STRATEGIES.includes(strategy)) {
    warn(
      ['router_settings', 'routing_strategy'],
      `${strategy}: a LiteLLM strategy llmux does not implement yet; routing with simple-shuffle`,
    );
  }
  const modelList = data.model_list;
  if (Array.isArray(modelList)) {
    modelList.forEach((entry, index) => {
      if (!isPlainObject(entry)) return;
      for (const key of Object.keys(entry)) {
        if ((IMPLEMENTED.deployment as readonly string[]).includes(key)) continue;
        const hint = ['rpm', 'tpm', 'timeout', 'weight', 'order'].includes(key)
          ? ` (did you mean litellm_params.${key}?)`
          : '';
        warn(['model_list', index, key], `unknown deployment key; it has no effect${hint}`);
      }
    });
  }
  return warnings;
}

function sortKeys(keys: readonly string[], implemented: readonly string[], known: readonly string[]) {
  const rest = keys.filter((key) => !implemented.includes(key));
  return {
    unknown: rest.filter((key) => !known.includes(key)),
    notImplemented: rest.filter((key) => known.includes(key)),
  };
}

function plural(items: readonly unknown[], word: string): string {
  return items.length === 1 ? word : `${word}s`;
}
