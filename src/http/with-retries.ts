import { LLMuxError } from '../errors/llmux-error.js';
import type { CancelSignal } from '../spec/cancel-signal.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  numRetries: number;
  signal?: CancelSignal | undefined;
  /** First backoff delay; doubles each retry up to `maxDelayMs`, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each retry, e.g. for logging. */
  onRetry?: (error: LLMuxError, attempt: number, delayMs: number) => void;
}

/** Runs `attempt`, retrying retryable llmux errors with exponential backoff, honouring `Retry-After`. */
export async function withRetries<T>(attempt: (index: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const initial = options.initialDelayMs ?? 500;
  const maximum = options.maxDelayMs ?? 8_000;
  for (let index = 0; ; index++) {
    try {
      return await attempt(index);
    } catch (error) {
      if (!(error instanceof LLMuxError) || !error.isRetryable || index >= options.numRetries) throw error;
      const backoff = Math.min(maximum, initial * 2 ** index) * (0.75 + Math.random() * 0.25);
      // An upstream's Retry-After wins, but never beyond a minute: a call should not hang for hours.
      const delay = error.retryAfter === undefined ? backoff : Math.min(60_000, error.retryAfter * 1000);
      options.onRetry?.(error, index + 1, delay);
      await sleep(delay, options.signal);
    }
  }
}

/** Resolves after `milliseconds`, or rejects when `signal` aborts. */
export function sleep(milliseconds: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
