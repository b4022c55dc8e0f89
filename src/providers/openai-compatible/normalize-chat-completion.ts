import type { ChatCompletion, ChatCompletionChoice, ResponseMessage, Usage } from '../../spec/openai-chat.js';
import { splitMistralStyleContent } from './split-content-parts.js';

/**
 * Fills the fields OpenAI-compatible vendors leave out (`refusal`, `logprobs`, `object`, usage
 * details), so callers always get the official `ChatCompletion` shape.
 */
export function normalizeChatCompletion(raw: Record<string, unknown>, requestedModel: string): ChatCompletion {
  const choices = Array.isArray(raw.choices) ? (raw.choices as Record<string, unknown>[]) : [];
  return {
    id: typeof raw.id === 'string' && raw.id ? raw.id : `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: typeof raw.created === 'number' ? raw.created : Math.floor(Date.now() / 1000),
    model: typeof raw.model === 'string' && raw.model ? raw.model : requestedModel,
    choices: choices.map(normalizeChoice),
    usage: normalizeUsage(raw.usage ?? (raw.x_groq as { usage?: unknown } | undefined)?.usage),
    ...openaiMetadata(raw),
  };
}

const OPENAI_SERVICE_TIERS = new Set(['auto', 'default', 'flex', 'scale', 'priority']);

/** `system_fingerprint` and `service_tier` only when they hold OpenAI's types and values (Groq says `on_demand`). */
export function openaiMetadata(raw: Record<string, unknown>): { system_fingerprint?: string; service_tier?: string } {
  const metadata: { system_fingerprint?: string; service_tier?: string } = {};
  if (typeof raw.system_fingerprint === 'string') metadata.system_fingerprint = raw.system_fingerprint;
  if (typeof raw.service_tier === 'string' && OPENAI_SERVICE_TIERS.has(raw.service_tier))
    metadata.service_tier = raw.service_tier;
  return metadata;
}

function normalizeChoice(raw: Record<string, unknown>, position: number): ChatCompletionChoice {
  const message = (raw.message ?? {}) as Record<string, unknown>;
  const { text, reasoning } = splitMistralStyleContent(message.content);
  const normalized: ResponseMessage = {
    role: 'assistant',
    content: text,
    refusal: (message.refusal as string | null | undefined) ?? null,
  };
  const reasoningContent = (message.reasoning_content as string | undefined) ?? reasoning;
  if (reasoningContent) normalized.reasoning_content = reasoningContent;
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    normalized.tool_calls = (message.tool_calls as Record<string, unknown>[]).map((call) => ({
      id: String(call.id ?? `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`),
      type: 'function',
      function: {
        name: String((call.function as Record<string, unknown> | undefined)?.name ?? ''),
        arguments: stringifyArguments((call.function as Record<string, unknown> | undefined)?.arguments),
      },
    }));
  }
  if (message.function_call) normalized.function_call = message.function_call as ResponseMessage['function_call'];
  if (message.annotations !== undefined) normalized.annotations = message.annotations as unknown[];
  if (message.audio !== undefined && message.audio !== null) normalized.audio = message.audio;
  return {
    index: typeof raw.index === 'number' ? raw.index : position,
    message: normalized,
    finish_reason: normalizeFinishReason(raw.finish_reason, normalized.tool_calls !== undefined),
    logprobs: (raw.logprobs as ChatCompletionChoice['logprobs'] | undefined) ?? null,
  };
}

/** Arguments must be a JSON string; a few vendors send an object. */
export function stringifyArguments(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value);
}

/** Maps vendor finish reasons onto OpenAI's five. */
export function normalizeFinishReason(value: unknown, hasToolCalls: boolean): ChatCompletionChoice['finish_reason'] {
  switch (value) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'function_call':
      return value;
    case 'tool_calls':
    case 'tool_call':
      return 'tool_calls';
    case 'model_length':
    case 'max_tokens':
      return 'length';
    case 'eos':
    case 'end_turn':
      return 'stop';
    default:
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}

/** OpenAI usage with every count present; unknown counts stay absent, never invented. */
export function normalizeUsage(raw: unknown): Usage {
  const usage = (raw ?? {}) as Record<string, unknown>;
  const prompt = numberOr(usage.prompt_tokens, 0);
  const completion = numberOr(usage.completion_tokens, 0);
  const result: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: numberOr(usage.total_tokens, prompt + completion),
  };
  const promptDetails = usage.prompt_tokens_details as Usage['prompt_tokens_details'] | null | undefined;
  const cached = promptDetails?.cached_tokens ?? numberOr(usage.prompt_cache_hit_tokens, undefined);
  if (promptDetails || cached !== undefined)
    result.prompt_tokens_details = { ...promptDetails, cached_tokens: cached ?? 0 };
  const completionDetails = usage.completion_tokens_details as Usage['completion_tokens_details'] | null | undefined;
  if (completionDetails) result.completion_tokens_details = { ...completionDetails };
  return result;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
