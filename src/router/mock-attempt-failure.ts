import { ContentPolicyViolationError, ContextWindowExceededError, RateLimitError } from '../errors/catalog.js';
import type { LLMuxError } from '../errors/llmux-error.js';

/**
 * Request switches that fail the request's first attempt before any upstream call, so retries and
 * fallbacks can be tried without a real failure: LiteLLM's `mock_testing_rate_limit_error`, and
 * llmux's context-window and content-policy twins (not LiteLLM names).
 */
export const MOCK_ATTEMPT_FIELDS = [
  'mock_testing_rate_limit_error',
  'mock_testing_context_window_error',
  'mock_testing_content_policy_error',
] as const;

/**
 * The error the request's first attempt fails with, if it asked for one. As in LiteLLM, only the
 * first attempt fails (the switch is used up): a retry or a fallback then answers normally.
 * @example mockAttemptFailure({ mock_testing_rate_limit_error: true }, 'gpt-4o') // a RateLimitError
 */
export function mockAttemptFailure(fields: Record<string, unknown>, model: string): LLMuxError | undefined {
  const options = { message: `This is a mock exception for model=${model}`, model, provider: 'mock' };
  if (isOn(fields['mock_testing_rate_limit_error'])) {
    return new RateLimitError({ ...options, message: `${options.message}, to trigger a rate limit error.` });
  }
  if (isOn(fields['mock_testing_context_window_error'])) return new ContextWindowExceededError(options);
  if (isOn(fields['mock_testing_content_policy_error'])) return new ContentPolicyViolationError(options);
  return undefined;
}

function isOn(value: unknown): boolean {
  return value === true || value === 'true';
}
