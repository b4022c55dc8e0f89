import { BadRequestError } from '../../errors/index.js';
import type { ChatCompletionRequest, ReasoningEffort } from '../../spec/openai-chat.js';
import type { Warning } from '../../spec/warning.js';
import { isGemini3OrNewer, supportsResponseJsonSchema } from './gemini-params.js';
import { toGeminiJsonSchema, toGeminiSchema } from './gemini-schema.js';
import type { GeminiGenerationConfig, GeminiThinkingConfig } from './wire.js';

// LiteLLM's DEFAULT_REASONING_EFFORT_*_THINKING_BUDGET constants.
const THINKING_BUDGET = { low: 1024, medium: 2048, high: 4096 } as const;

/** Input of `toGeminiGenerationConfig`. */
export interface GenerationConfigOptions {
  request: ChatCompletionRequest;
  modelId: string;
  warnings: Warning[];
}

/**
 * The OpenAI sampling, output and reasoning fields as Gemini's `generationConfig`, or `undefined`
 * when nothing is set. Mirrors LiteLLM's `VertexGeminiConfig.map_openai_params`.
 * @example toGeminiGenerationConfig({ request: { model: 'm', messages: [], max_tokens: 50, stop: 'x' }, modelId: 'gemini-2.5-flash', warnings: [] })
 * // → { maxOutputTokens: 50, stopSequences: ['x'] }
 */
export function toGeminiGenerationConfig(options: GenerationConfigOptions): GeminiGenerationConfig | undefined {
  const { request, modelId, warnings } = options;
  const config: GeminiGenerationConfig = {};
  setNumber(config, 'temperature', request.temperature);
  setNumber(config, 'topP', request.top_p);
  setNumber(config, 'topK', request.top_k ?? request.topK);
  setNumber(config, 'maxOutputTokens', request.max_completion_tokens ?? request.max_tokens);
  if (typeof request.stop === 'string') config.stopSequences = [request.stop];
  else if (Array.isArray(request.stop) && request.stop.length > 0) config.stopSequences = request.stop;
  setNumber(config, 'candidateCount', request.n);
  setNumber(config, 'seed', request.seed);
  setPenalties(config, options);
  if (typeof request.logprobs === 'boolean') config.responseLogprobs = request.logprobs;
  setNumber(config, 'logprobs', request.top_logprobs);
  if (Array.isArray(request.modalities) && request.modalities.length > 0) {
    config.responseModalities = request.modalities.map((modality) => modality.toUpperCase());
  }
  Object.assign(config, responseFormatConfig(request, modelId));
  const thinking = thinkingConfig(request, modelId, warnings);
  if (thinking) config.thinkingConfig = thinking;
  return Object.keys(config).length > 0 ? config : undefined;
}

function setPenalties(config: GeminiGenerationConfig, { request, modelId, warnings }: GenerationConfigOptions): void {
  for (const [param, key] of [
    ['presence_penalty', 'presencePenalty'],
    ['frequency_penalty', 'frequencyPenalty'],
  ] as const) {
    const value = request[param];
    if (typeof value !== 'number') continue;
    if (isGemini3OrNewer(modelId)) {
      // LiteLLM drops these silently for Gemini 3, which rejects them; we say so.
      warnings.push({ type: 'dropped-param', param, message: `${modelId} does not accept '${param}'; it was dropped` });
      continue;
    }
    config[key] = value;
  }
}

function responseFormatConfig(request: ChatCompletionRequest, modelId: string): GeminiGenerationConfig {
  const format = request.response_format as
    | { type?: string; json_schema?: { schema?: unknown }; response_schema?: unknown }
    | undefined;
  if (!format || typeof format !== 'object') return {};
  if (format.type === 'text') return { responseMimeType: 'text/plain' };
  // LiteLLM also takes `{ type: 'json_object', response_schema }`.
  const schema = format.type === 'json_schema' ? format.json_schema?.schema : format.response_schema;
  if (format.type !== 'json_object' && format.type !== 'json_schema') return {};
  if (schema === undefined || schema === null) return { responseMimeType: 'application/json' };
  if (supportsResponseJsonSchema(modelId)) {
    return { responseMimeType: 'application/json', responseJsonSchema: toGeminiJsonSchema(schema) };
  }
  return { responseMimeType: 'application/json', responseSchema: toGeminiSchema(schema, { propertyOrdering: true }) };
}

function thinkingConfig(
  request: ChatCompletionRequest,
  modelId: string,
  warnings: Warning[],
): GeminiThinkingConfig | undefined {
  const { thinking } = request;
  if (thinking && typeof thinking === 'object') return thinkingParamConfig(thinking, modelId);
  const effort = request.reasoning_effort as string | null | undefined;
  if (typeof effort !== 'string') return undefined;
  let level = effort as ReasoningEffort | 'disable';
  if (level === 'xhigh') {
    level = 'high';
    warnings.push({ type: 'clamped-param', param: 'reasoning_effort', message: "Gemini's highest effort is 'high'" });
  }
  return isGemini3OrNewer(modelId) ? effortToLevel(level, modelId) : effortToBudget(level, modelId);
}

/** Gemini 2.x: LiteLLM's `_map_reasoning_effort_to_thinking_budget`. */
function effortToBudget(effort: ReasoningEffort | 'disable', modelId: string): GeminiThinkingConfig {
  switch (effort) {
    case 'none':
    case 'disable':
      return { thinkingBudget: 0, includeThoughts: false };
    case 'minimal':
      return { thinkingBudget: minimalBudget(modelId), includeThoughts: true };
    case 'low':
    case 'medium':
    case 'high':
      return { thinkingBudget: THINKING_BUDGET[effort], includeThoughts: true };
    default:
      throw invalidEffort(effort);
  }
}

/** Gemini 3: LiteLLM's `_map_reasoning_effort_to_thinking_level` (Flash and 3.1 Pro have more levels). */
function effortToLevel(effort: ReasoningEffort | 'disable', modelId: string): GeminiThinkingConfig {
  const id = modelId.toLowerCase();
  const flash = id.includes('flash');
  const hasMedium = flash || id.includes('gemini-3.1-pro');
  switch (effort) {
    case 'none':
    case 'disable':
      // Gemini 3 cannot stop thinking; the lowest level with thoughts hidden is the closest.
      return { thinkingLevel: flash ? 'minimal' : 'low', includeThoughts: false };
    case 'minimal':
      return { thinkingLevel: flash ? 'minimal' : 'low', includeThoughts: true };
    case 'low':
      return { thinkingLevel: 'low', includeThoughts: true };
    case 'medium':
      return { thinkingLevel: hasMedium ? 'medium' : 'high', includeThoughts: true };
    case 'high':
      return { thinkingLevel: 'high', includeThoughts: true };
    default:
      throw invalidEffort(effort);
  }
}

function minimalBudget(modelId: string): number {
  const id = modelId.toLowerCase();
  if (id.includes('gemini-2.5-flash-lite')) return 512;
  if (id.includes('gemini-2.5-pro')) return 128;
  if (id.includes('gemini-2.5-flash')) return 1;
  return 128;
}

/** Anthropic-style `thinking`, as LiteLLM's `_map_thinking_param`. */
function thinkingParamConfig(
  thinking: NonNullable<ChatCompletionRequest['thinking']>,
  modelId: string,
): GeminiThinkingConfig | undefined {
  const budget = typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : undefined;
  if (thinking.type !== 'enabled') return isGemini3OrNewer(modelId) ? { includeThoughts: false } : undefined;
  const config: GeminiThinkingConfig = {};
  if (budget !== 0) config.includeThoughts = true;
  if (budget !== undefined) config.thinkingBudget = budget;
  return config;
}

function invalidEffort(effort: string): BadRequestError {
  return new BadRequestError({
    message: `Invalid reasoning_effort '${effort}' for Gemini: use none, minimal, low, medium or high`,
    param: 'reasoning_effort',
    provider: 'gemini',
  });
}

function setNumber<K extends keyof GeminiGenerationConfig>(
  config: GeminiGenerationConfig,
  key: K,
  value: unknown,
): void {
  if (typeof value === 'number' && Number.isFinite(value)) config[key] = value as GeminiGenerationConfig[K];
}
