import {
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  RateLimitError,
  Timeout,
} from '../errors/catalog.js';
import { LLMuxError } from '../errors/llmux-error.js';
import type { AllowedFailsPolicy, RetryPolicy } from './router-options.js';

/** LiteLLM's error-type names, as used by `retry_policy` and `allowed_fails_policy`. */
export type ErrorKind =
  | 'ContextWindowExceededError'
  | 'ContentPolicyViolationError'
  | 'BadRequestError'
  | 'AuthenticationError'
  | 'TimeoutError'
  | 'RateLimitError'
  | 'InternalServerError'
  | 'Other';

/** Classifies an error by its class and status, never its message. */
export function errorKind(error: unknown): ErrorKind {
  if (error instanceof ContextWindowExceededError) return 'ContextWindowExceededError';
  if (error instanceof ContentPolicyViolationError) return 'ContentPolicyViolationError';
  if (error instanceof BadRequestError) return 'BadRequestError';
  if (error instanceof AuthenticationError) return 'AuthenticationError';
  if (error instanceof Timeout) return 'TimeoutError';
  if (error instanceof RateLimitError) return 'RateLimitError';
  if (error instanceof LLMuxError && error.status >= 500) return 'InternalServerError';
  return 'Other';
}

function policyName(kind: ErrorKind): string | undefined {
  if (kind === 'Other') return undefined;
  // A context-window error is a bad request to LiteLLM's policies.
  return kind === 'ContextWindowExceededError' ? 'BadRequestError' : kind;
}

/** How many retries an error allows: the policy's number for its type, else `num_retries` if retryable, else 0. */
export function retriesFor(options: { error: unknown; numRetries: number; policy: RetryPolicy | undefined }): number {
  const name = policyName(errorKind(options.error));
  const fromPolicy = name
    ? (options.policy as Record<string, number | undefined> | undefined)?.[`${name}Retries`]
    : undefined;
  if (typeof fromPolicy === 'number') return fromPolicy;
  return options.error instanceof LLMuxError && options.error.isRetryable ? options.numRetries : 0;
}

/** What a failure does to the deployment's health. */
export type CooldownDecision =
  | { action: 'none' }
  | { action: 'cooldown'; reason: string }
  | { action: 'count'; failureKind: string; allowedFails: number };

/**
 * LiteLLM's cooldown rules: with a policy for the error type, count against it; otherwise 429, 401,
 * 404 and 408 cool at once, other 4xx never count (the request was at fault), 5xx and connection
 * errors count against `allowed_fails` per minute.
 */
export function cooldownDecision(options: {
  error: unknown;
  allowedFails: number;
  policy: AllowedFailsPolicy | undefined;
}): CooldownDecision {
  const { error } = options;
  const kind = errorKind(error);
  const name = policyName(kind);
  const allowed = name
    ? (options.policy as Record<string, number | undefined> | undefined)?.[`${name}AllowedFails`]
    : undefined;
  if (typeof allowed === 'number') return { action: 'count', failureKind: kind, allowedFails: allowed };
  const status = error instanceof LLMuxError ? error.status : 500;
  if ([429, 401, 404, 408].includes(status)) return { action: 'cooldown', reason: `${kind} (${status})` };
  if (status >= 400 && status < 500) return { action: 'none' };
  return { action: 'count', failureKind: '*', allowedFails: options.allowedFails };
}
