import { paramsExcept } from '../openai-params.js';

// LiteLLM's GoogleAIStudioGeminiConfig.get_supported_openai_params leaves these out; `seed` and
// `top_logprobs` are kept (Vertex's list has them and the Gemini API takes them).
const ALWAYS_UNSUPPORTED = [
  'logit_bias',
  'user',
  'service_tier',
  'store',
  'prediction',
  'audio',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
] as const;

const REASONING_PARAMS = ['reasoning_effort', 'thinking'] as const;

const withReasoning = paramsExcept(ALWAYS_UNSUPPORTED);
const withoutReasoning = paramsExcept([...ALWAYS_UNSUPPORTED, ...REASONING_PARAMS]);

/**
 * OpenAI request fields Gemini understands for this model.
 * @example geminiSupportedParams('gemini-2.5-flash').has('reasoning_effort') // true
 */
export function geminiSupportedParams(modelId: string): ReadonlySet<string> {
  return isGeminiThinkingModel(modelId) ? withReasoning : withoutReasoning;
}

/** The model's major Gemini version (`gemini-2.5-pro` → 2), or undefined for Gemma, tuned models … */
export function geminiMajorVersion(modelId: string): number | undefined {
  const match = /gemini-(\d+)/.exec(modelId.toLowerCase());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Gemini 3 and later: `thinkingLevel`, no penalties, thought signatures required on tool calls. */
export function isGemini3OrNewer(modelId: string): boolean {
  return (geminiMajorVersion(modelId) ?? 0) >= 3;
}

/** Models that think (2.5, 3+, `*thinking*`), where `reasoning_effort` maps to `thinkingConfig`. */
export function isGeminiThinkingModel(modelId: string): boolean {
  const id = modelId.toLowerCase();
  return id.includes('thinking') || id.includes('gemini-2.5') || isGemini3OrNewer(id);
}

/** Gemma on AI Studio has no `systemInstruction`; LiteLLM folds system text into the user turn. */
export function supportsSystemInstruction(modelId: string): boolean {
  return !modelId.toLowerCase().includes('gemma');
}

/** Gemini 2+ takes a plain JSON Schema as `responseJsonSchema` (LiteLLM PR #19314). */
export function supportsResponseJsonSchema(modelId: string): boolean {
  return (geminiMajorVersion(modelId) ?? 0) >= 2;
}

/** `models/gemini-2.5-flash` or `gemini-2.5-flash` → the resource path under the API base. */
export function geminiModelPath(modelId: string): string {
  if (modelId.startsWith('models/') || modelId.startsWith('tunedModels/')) return modelId;
  return `models/${modelId}`;
}
