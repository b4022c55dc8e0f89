import { formatPath, formatProblem } from './config-error.js';
import type { ProxyConfig } from './proxy-config.js';

/**
 * One warning per `model_group_alias` whose target no `model_name` (nor wildcard route) serves:
 * LiteLLM loads such a config too, but every request for the alias would fail.
 */
export function aliasWarnings(config: ProxyConfig): string[] {
  const aliases = config.router_settings.model_group_alias;
  if (!aliases || typeof aliases !== 'object') return [];
  const names = new Set(config.model_list.map((deployment) => deployment.model_name));
  const prefixes = [...names].filter((name) => name.endsWith('*')).map((name) => name.slice(0, -1));
  const warnings: string[] = [];
  for (const [alias, target] of Object.entries(aliases as Record<string, string | { model: string }>)) {
    const group = typeof target === 'string' ? target : target.model;
    if (names.has(group) || names.has(alias) || prefixes.some((prefix) => group.startsWith(prefix))) continue;
    if (Object.hasOwn(aliases, group)) continue;
    warnings.push(
      formatProblem(config.source, {
        path: formatPath(['router_settings', 'model_group_alias', alias]),
        message: `model group ${JSON.stringify(group)} is not in model_list; requests for ${JSON.stringify(alias)} will fail`,
      }),
    );
  }
  return warnings;
}
