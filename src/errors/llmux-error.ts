import { type ErrorCode, isErrorCode, type UpstreamErrorCode } from './error-codes.js';

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
  /**
   * llmux's own machine-readable code: one of `ERROR_CODES` or a catalog status (`'401'`). A code not
   * in the catalog does not compile; a provider's code goes in `upstreamCode`.
   */
  code?: ErrorCode | null | undefined;
  /**
   * The provider's own code (`'overloaded_error'`, `'RESOURCE_EXHAUSTED'`), verbatim, for an error an
   * upstream answered with. Clients see it as `error.code` when llmux set no code of its own (as LiteLLM passes it on).
   */
  upstreamCode?: UpstreamErrorCode | null | undefined;
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
  /** The code clients see: llmux's own `ErrorCode`, else the provider's `upstreamCode`, else `null`. */
  readonly code: ErrorCode | UpstreamErrorCode | null;
  /** The provider's own code, verbatim; `null` when llmux raised the error itself or the upstream sent none. */
  readonly upstreamCode: UpstreamErrorCode | null;
  readonly retryAfter: number | undefined;

  constructor(options: LLMuxErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.provider = options.provider;
    this.model = options.model;
    this.body = options.body;
    this.headers = options.headers;
    this.param = options.param ?? null;
    this.upstreamCode = options.upstreamCode ?? null;
    this.code = options.code ?? this.upstreamCode;
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

  /**
   * This error's options, to raise it again as another class (a refined upstream error) with its own
   * code and the upstream's kept apart.
   * @example new AuthenticationError({ ...error.toOptions(), retryAfter: 14 })
   */
  toOptions(): LLMuxErrorOptions {
    const ownCode = this.code !== null && this.code !== this.upstreamCode && isErrorCode(this.code) ? this.code : null;
    return {
      message: this.message,
      provider: this.provider,
      model: this.model,
      body: this.body,
      headers: this.headers,
      param: this.param,
      code: ownCode,
      upstreamCode: this.upstreamCode,
      retryAfter: this.retryAfter,
      cause: this.cause,
    };
  }

  /** The error as OpenAI's JSON body. */
  toJSON(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code ?? String(this.status) },
    };
  }
}
