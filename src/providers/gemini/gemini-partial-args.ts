import type { GeminiPartialArg } from './wire.js';

type PathSegment = string | number;

// Keys that would reach Object.prototype through a crafted path.
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Streamed function-call arguments (`partialArgs`: a JSON path and a value each) folded into the
 * arguments object. A string value for a path that already holds a string continues it; other
 * values set the path. Returns a new object; `args` is not changed.
 * @example applyGeminiPartialArgs({ location: 'Bos' }, [{ jsonPath: '$.location', stringValue: 'ton' }])
 * // → { location: 'Boston' }
 */
export function applyGeminiPartialArgs(
  args: Record<string, unknown>,
  partialArgs: readonly GeminiPartialArg[],
): Record<string, unknown> {
  const next = structuredClone(args);
  for (const partial of partialArgs) {
    const path = parseJsonPath(partial.jsonPath ?? '');
    if (path.length === 0) continue;
    const existing = readPath(next, path);
    if (typeof partial.stringValue === 'string') {
      writePath(next, path, typeof existing === 'string' ? existing + partial.stringValue : partial.stringValue);
    } else if (typeof partial.numberValue === 'number') {
      writePath(next, path, partial.numberValue);
    } else if (typeof partial.boolValue === 'boolean') {
      writePath(next, path, partial.boolValue);
    } else if ('nullValue' in partial) {
      writePath(next, path, null);
    }
  }
  return next;
}

/** `$.recipe.ingredients[0].name` → `['recipe', 'ingredients', 0, 'name']`; an unusable path → `[]`. */
export function parseJsonPath(jsonPath: string): PathSegment[] {
  if (!jsonPath.startsWith('$')) return [];
  const segments: PathSegment[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < jsonPath.length) {
    const match = pattern.exec(jsonPath);
    if (!match) return [];
    const segment = match[2] === undefined ? (match[1] ?? match[3] ?? match[4] ?? '') : Number(match[2]);
    if (typeof segment === 'string' && FORBIDDEN_KEYS.has(segment)) return [];
    segments.push(segment);
  }
  return segments;
}

function readPath(root: Record<string, unknown>, path: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function writePath(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let current = root as Record<PathSegment, unknown>;
  path.forEach((segment, position) => {
    if (position === path.length - 1) {
      current[segment] = value;
      return;
    }
    const following = path[position + 1];
    const child = current[segment];
    if (child === null || typeof child !== 'object') current[segment] = typeof following === 'number' ? [] : {};
    current = current[segment] as Record<PathSegment, unknown>;
  });
}
