import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ModelListEntry } from './router-options.js';

/** One `model_list` entry as the router sees it. */
export interface Deployment {
  /** `model_info.id`, or a stable hash of the entry. */
  id: string;
  modelName: string;
  params: ModelListEntry['litellm_params'];
  modelInfo: Record<string, unknown>;
  /** Share of traffic under simple-shuffle: `weight`, else `rpm`, else `tpm`, else 1. */
  weight: number;
  rpm: number | undefined;
  tpm: number | undefined;
  /** Priority tier: lower first; deployments without `order` come last. */
  order: number;
  tags: string[];
  /** `tag_regex`, compiled once: matched against `User-Agent: <value>` when tag filtering is on. */
  tagRegex: readonly RegExp[];
}

/** Builds the router's view of a `model_list` entry. */
export function toDeployment(entry: ModelListEntry): Deployment {
  const params = entry.litellm_params;
  const rpm = positiveNumber(params.rpm ?? entry.model_info?.['rpm']);
  const tpm = positiveNumber(params.tpm ?? entry.model_info?.['tpm']);
  const weight = positiveNumber(params.weight) ?? rpm ?? tpm ?? 1;
  const id = entry.model_info?.id;
  return {
    id: typeof id === 'string' && id !== '' ? id : hashDeployment(entry),
    modelName: entry.model_name,
    params,
    modelInfo: entry.model_info ?? {},
    weight,
    rpm,
    tpm,
    order: positiveNumber(params.order) ?? Number.POSITIVE_INFINITY,
    tags: Array.isArray(params.tags) ? params.tags.filter((tag) => typeof tag === 'string') : [],
    tagRegex: Array.isArray(params.tag_regex) ? params.tag_regex.map(compileTagRegex) : [],
  };
}

/**
 * A `tag_regex` pattern as a RegExp. LiteLLM's are Python regexes: a leading `(?i)` (the inline
 * flag configs use) becomes the `i` flag; the rest is JavaScript syntax. Throws on an invalid one.
 * @example compileTagRegex('^User-Agent: claude-code/').test('User-Agent: claude-code/1.2') // true
 */
export function compileTagRegex(pattern: unknown): RegExp {
  if (typeof pattern !== 'string') throw new TypeError('tag_regex: expected a list of regex strings');
  const caseless = pattern.startsWith('(?i)');
  try {
    return new RegExp(caseless ? pattern.slice(4) : pattern, caseless ? 'i' : '');
  } catch (error) {
    throw new TypeError(
      `tag_regex: invalid regular expression ${JSON.stringify(pattern)} (${(error as Error).message})`,
    );
  }
}

function positiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/**
 * A stable id from the entry's name and params: FNV-1a over canonical JSON, twice with different
 * seeds for 64 bits. Synchronous and portable (no `crypto.subtle`), so every process agrees on it.
 */
export function hashDeployment(entry: Pick<ModelListEntry, 'model_name' | 'litellm_params'>): string {
  const text = canonicalJson([entry.model_name, entry.litellm_params]);
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x01000193 ^ 0x5bd1e995);
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A deployment's router-only fields: never part of the SDK call. */
const ROUTER_ONLY_PARAMS: ReadonlySet<string> = new Set(['rpm', 'tpm', 'weight', 'order', 'tags', 'tag_regex']);

/** The SDK params of one call on a deployment: its `litellm_params` minus the router's own fields. */
export function deploymentCallParams(deployment: Deployment, model: string): LiteLLMParams & { model: string } {
  // One copy, key by key: cheaper on the hot path than rest destructuring then a spread.
  const call: LiteLLMParams & { model: string } = { model };
  const params = deployment.params;
  for (const name in params) if (!ROUTER_ONLY_PARAMS.has(name)) call[name] = params[name];
  call.model = model;
  return call;
}
