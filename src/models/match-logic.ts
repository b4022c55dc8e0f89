import type { MatchLogic } from '@pydantic/genai-prices';

const compiledPatterns = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let regex = compiledPatterns.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern);
    compiledPatterns.set(pattern, regex);
  }
  return regex;
}

/** Whether a genai-prices match rule accepts a (lower-cased) model id; the same semantics as the package's own matcher. */
export function matchesModelId(logic: MatchLogic, modelId: string): boolean {
  if ('or' in logic) return logic.or.some((inner) => matchesModelId(inner, modelId));
  if ('and' in logic) return logic.and.every((inner) => matchesModelId(inner, modelId));
  if ('equals' in logic) return modelId === logic.equals.toLowerCase();
  if ('starts_with' in logic) return modelId.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return modelId.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return modelId.includes(logic.contains.toLowerCase());
  if ('regex' in logic) return compiled(logic.regex).test(modelId);
  return false;
}
