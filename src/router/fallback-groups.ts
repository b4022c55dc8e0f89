import { errorKind } from './error-kind.js';
import type { FallbackList, RouterRequestFields } from './router-options.js';
import type { RouterSettings } from './router-settings.js';

function lookup(list: FallbackList | string[] | undefined, names: string[]): string[] | undefined {
  if (!list || list.length === 0) return undefined;
  if (list.every((item) => typeof item === 'string')) return list as string[];
  for (const name of names) {
    for (const entry of list as FallbackList) {
      const groups = entry[name];
      if (Array.isArray(groups)) return groups;
    }
  }
  return undefined;
}

/**
 * The model groups to try after `modelGroup` failed with `error`, as LiteLLM: a context-window or
 * content-policy error uses only its own list; any other error uses `fallbacks` (the request's
 * first), then the `"*"` entry, then `default_fallbacks`.
 */
export function fallbackGroups(options: {
  error: unknown;
  names: string[];
  settings: RouterSettings;
  request: RouterRequestFields;
}): string[] {
  const { error, names, settings, request } = options;
  const kind = errorKind(error);
  if (kind === 'ContextWindowExceededError') {
    return lookup(request.context_window_fallbacks, names) ?? lookup(settings.contextWindowFallbacks, names) ?? [];
  }
  if (kind === 'ContentPolicyViolationError') {
    return lookup(request.content_policy_fallbacks, names) ?? lookup(settings.contentPolicyFallbacks, names) ?? [];
  }
  return (
    lookup(request.fallbacks, names) ??
    lookup(settings.fallbacks, names) ??
    lookup(settings.fallbacks, ['*']) ??
    settings.defaultFallbacks
  );
}
