/** Entries of a key's `models` that allow every model, as in LiteLLM. */
const EVERY_MODEL = new Set(['*', 'all-proxy-models', 'all-team-models']);

/**
 * Whether a key (or team, or user) limited to `allowed` may call `model`: an empty list allows every
 * model; entries are model group names or `*` wildcards (`gpt-*`, `openai/*`).
 * @example mayUseModel(['gpt-*'], 'gpt-4o') // true
 */
export function mayUseModel(allowed: readonly string[] | undefined, model: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  for (const entry of allowed) {
    if (entry === model || EVERY_MODEL.has(entry)) return true;
    if (entry.includes('*') && wildcard(entry).test(model)) return true;
  }
  return false;
}

/** Whether a caller may call `model`: its key's list and its team's both allow it. */
export function callerMayUse(caller: { models?: readonly string[]; teamModels?: readonly string[] }, model: string) {
  return mayUseModel(caller.models, model) && mayUseModel(caller.teamModels, model);
}

/** Whether a caller is limited to some models at all (then fallbacks and model lists are filtered). */
export function callerIsLimited(caller: { models?: readonly string[]; teamModels?: readonly string[] }): boolean {
  return (caller.models?.length ?? 0) > 0 || (caller.teamModels?.length ?? 0) > 0;
}

const compiled = new Map<string, RegExp>();

function wildcard(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    if (compiled.size < 1000) compiled.set(pattern, regex);
  }
  return regex;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
