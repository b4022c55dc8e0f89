import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChoiceLogprobs,
  FinishReason,
  ResponseMessage,
  ToolCall,
  Usage,
} from '../../spec/openai-chat.js';
import { newGeminiToolCallId } from './gemini-tool-call-id.js';
import type {
  GeminiCandidate,
  GeminiFunctionCall,
  GeminiGenerateContentResponse,
  GeminiLogprobsResult,
  GeminiPart,
  GeminiUsageMetadata,
} from './wire.js';

// LiteLLM's get_flagged_finish_reasons: the answer was withheld by Google's filters.
const FLAGGED_FINISH_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

/**
 * Gemini's `finishReason` as OpenAI's: tool calls win (Gemini says STOP after a function call),
 * MAX_TOKENS → length, the safety family and LANGUAGE → content_filter, anything else → stop.
 * @example mapGeminiFinishReason('MAX_TOKENS', false) // 'length'
 */
export function mapGeminiFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return 'tool_calls';
  if (raw === 'MAX_TOKENS') return 'length';
  if (raw !== undefined && (FLAGGED_FINISH_REASONS.has(raw) || raw === 'LANGUAGE')) return 'content_filter';
  return 'stop';
}

/**
 * Gemini's `usageMetadata` as OpenAI usage. Thinking tokens are output tokens: they go into
 * `completion_tokens` (unless `candidatesTokenCount` already includes them, as LiteLLM checks) and
 * `completion_tokens_details.reasoning_tokens`; cached prompt tokens into `prompt_tokens_details`.
 * @example toOpenAIUsage({ promptTokenCount: 9, candidatesTokenCount: 28, thoughtsTokenCount: 244, totalTokenCount: 281 })
 * // → { prompt_tokens: 9, completion_tokens: 272, total_tokens: 281, completion_tokens_details: { reasoning_tokens: 244 } }
 */
export function toOpenAIUsage(metadata: GeminiUsageMetadata | undefined): Usage {
  const prompt = metadata?.promptTokenCount ?? 0;
  const candidates = metadata?.candidatesTokenCount ?? 0;
  const thoughts = metadata?.thoughtsTokenCount ?? 0;
  const inclusive = prompt + candidates === (metadata?.totalTokenCount ?? 0);
  const completion = inclusive ? candidates : candidates + thoughts;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: metadata?.totalTokenCount ?? prompt + completion,
  };
  const audio = metadata?.promptTokensDetails?.find((detail) => detail.modality === 'AUDIO')?.tokenCount;
  if (metadata?.cachedContentTokenCount !== undefined || audio !== undefined) {
    usage.prompt_tokens_details = {};
    if (metadata?.cachedContentTokenCount !== undefined)
      usage.prompt_tokens_details.cached_tokens = metadata.cachedContentTokenCount;
    if (audio !== undefined) usage.prompt_tokens_details.audio_tokens = audio;
  }
  if (metadata?.thoughtsTokenCount !== undefined) usage.completion_tokens_details = { reasoning_tokens: thoughts };
  return usage;
}

/** The answer text and the thinking text of some parts (`thought: true` parts are thinking). */
export function splitGeminiText(parts: readonly GeminiPart[]): { content?: string; reasoning?: string } {
  let content: string | undefined;
  let reasoning: string | undefined;
  for (const part of parts) {
    if (typeof part.text !== 'string' || part.text === '') continue;
    if (part.thought === true) reasoning = (reasoning ?? '') + part.text;
    else content = (content ?? '') + part.text;
  }
  const result: { content?: string; reasoning?: string } = {};
  if (content !== undefined) result.content = content;
  if (reasoning !== undefined) result.reasoning = reasoning;
  return result;
}

/** A whole Gemini function call as an OpenAI tool call with a fresh id (carrying the thought signature). */
export function toOpenAIToolCall(call: GeminiFunctionCall, thoughtSignature: string | undefined): ToolCall {
  return {
    id: newGeminiToolCallId(thoughtSignature),
    type: 'function',
    function: { name: call.name ?? '', arguments: JSON.stringify(call.args ?? {}) },
  };
}

/** Gemini's `logprobsResult` as OpenAI's `logprobs.content`. */
export function fromGeminiLogprobs(result: GeminiLogprobsResult | undefined): ChoiceLogprobs | null {
  if (!result?.chosenCandidates) return null;
  return {
    content: result.chosenCandidates.map((chosen, position) => ({
      token: chosen.token ?? '',
      logprob: chosen.logProbability ?? 0,
      bytes: null,
      top_logprobs: (result.topCandidates?.[position]?.candidates ?? []).map((top) => ({
        token: top.token ?? '',
        logprob: top.logProbability ?? 0,
        bytes: null,
      })),
    })),
  };
}

/** Options of `fromGeminiResponse`. */
export interface FromGeminiResponseOptions {
  /** Used as `model` when Gemini sends no `modelVersion`. */
  modelId: string;
}

/**
 * A whole `generateContent` response as an OpenAI `chat.completion`, following LiteLLM's
 * `_transform_google_generate_content_to_openai_model_response`: a blocked prompt or a
 * safety-flagged answer is one choice with no content and `finish_reason: content_filter`.
 * @example fromGeminiResponse(await response.json(), { modelId: 'gemini-2.5-flash' }).choices[0].message.content
 */
export function fromGeminiResponse(
  response: GeminiGenerateContentResponse,
  options: FromGeminiResponseOptions,
): ChatCompletion {
  const candidates = response.candidates ?? [];
  const first = candidates[0]?.finishReason;
  const flagged =
    response.promptFeedback?.blockReason !== undefined || (first !== undefined && FLAGGED_FINISH_REASONS.has(first));
  const choices = flagged
    ? [filteredChoice()]
    : candidates
        .map((candidate, position) => toChoice(candidate, position))
        .sort((left, right) => left.index - right.index);
  return {
    id: response.responseId || `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: response.modelVersion || options.modelId,
    choices,
    usage: toOpenAIUsage(response.usageMetadata),
  };
}

function toChoice(candidate: GeminiCandidate, position: number): ChatCompletionChoice {
  const parts = candidate.content?.parts ?? [];
  const { content, reasoning } = splitGeminiText(parts);
  const toolCalls = parts
    .filter((part) => part.functionCall)
    .map((part) => toOpenAIToolCall(part.functionCall as GeminiFunctionCall, part.thoughtSignature));
  const message: ResponseMessage = { role: 'assistant', content: content ?? null, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  return {
    index: candidate.index ?? position,
    message,
    finish_reason: mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0),
    logprobs: fromGeminiLogprobs(candidate.logprobsResult),
  };
}

function filteredChoice(): ChatCompletionChoice {
  return {
    index: 0,
    message: { role: 'assistant', content: null, refusal: null },
    finish_reason: 'content_filter',
    logprobs: null,
  };
}
