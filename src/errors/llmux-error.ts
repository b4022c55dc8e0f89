import type { ErrorCode, UpstreamErrorCode } from './error-codes.js';

/** The OpenAI error body every client understands. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface LLMuxErrorOptions {
  message: string;
  provider?: string | undefined;
  model?: string | undefined;
  /** The upstream response body, as received, for debugging; never sent to clients by the proxy. */
  body?: unknown;
  headers?: Record<string, string> | undefined;
  param?: string | null | undefined;
  /** A machine-readable code: one of llmux's `ERROR_CODES`, or the provider's own, passed through. */
  code?: ErrorCode | UpstreamErrorCode | null | undefined;
  /** Seconds the upstream asked us to wait (`Retry-After`). */
  retryAfter?: number | undefined;
  cause?: unknown;
}

/**
 * The base of every llmux error. Each subclass fixes `status`, `type` and whether a retry can help;
 * the router decides on these, never on message text.
 */
export abstract class LLMuxError extends Error {
  abstract readonly status: number;
  /** OpenAI's `error.type`. */
  abstract readonly type: string;
  abstract readonly isRetryable: boolean;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly body: unknown;
  readonly headers: Record<string, string> | undefined;
  readonly param: string | null;
  readonly code: string | null;
  readonly retryAfter: number | undefined;

  constructor(options: LLMuxErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.provider = options.provider;
    this.model = options.model;
    this.body = options.body;
    this.headers = options.headers;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.retryAfter = options.retryAfter;
  }

  /** LiteLLM's alias of `status`. */
  get status_code(): number {
    return this.status;
  }

  /** LiteLLM's alias of `provider`. */
  get llm_provider(): string | undefined {
    return this.provider;
  }

  /** The error as OpenAI's JSON body. */
  toJSON(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code ?? String(this.status) },
    };
  }
}
