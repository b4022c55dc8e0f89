/** One row of the error catalog: what an error class means on the wire and to the router. */
export interface ErrorTableEntry {
  /** The HTTP status it is sent with; `'any other'` for `APIError`, which keeps the upstream's. */
  readonly status: number | 'any other';
  /** OpenAI's `error.type`. */
  readonly type: string;
  /** Whether a retry can help; `APIError` decides from its status. */
  readonly retryable: boolean | '5xx and 409';
  /** Upstream statuses that become this error (none: the gateway raises it itself, never from an upstream answer). */
  readonly fromUpstream: readonly number[];
  /** The catalog error this one is a kind of (same status and retry rule, a sharper name). */
  readonly kindOf?: string;
  readonly description: string;
}

/**
 * The error catalog, one row per class, keyed by LiteLLM's exception name. The classes in
 * `catalog.ts` take their status, type and retry rule from here; `errorForStatus` maps upstream
 * statuses with `fromUpstream`; `docs/sdk.md`'s error list is tested against it.
 */
export const ERROR_TABLE = {
  BadRequestError: {
    status: 400,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [400],
    description: 'The request is malformed or has a value the provider rejects.',
  },
  ContextWindowExceededError: {
    status: 400,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [],
    kindOf: 'BadRequestError',
    description: "The prompt plus `max_tokens` does not fit the model's context window.",
  },
  ContentPolicyViolationError: {
    status: 400,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [],
    kindOf: 'BadRequestError',
    description: "The provider's safety system refused the prompt or the answer.",
  },
  BudgetExceededError: {
    status: 400,
    type: 'budget_exceeded',
    retryable: false,
    fromUpstream: [],
    kindOf: 'BadRequestError',
    description: 'A virtual key (or its user, team, organisation or end user) has spent its `max_budget`.',
  },
  UnsupportedParamsError: {
    status: 400,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [],
    kindOf: 'BadRequestError',
    description: 'A parameter the provider does not support; set `drop_params` to drop it instead.',
  },
  AuthenticationError: {
    status: 401,
    type: 'authentication_error',
    retryable: false,
    fromUpstream: [401],
    description: 'The API key is missing, wrong or expired.',
  },
  PermissionDeniedError: {
    status: 403,
    type: 'permission_denied_error',
    retryable: false,
    fromUpstream: [403],
    description: 'The key is valid but not allowed to do this.',
  },
  NotFoundError: {
    status: 404,
    type: 'not_found_error',
    retryable: false,
    fromUpstream: [404],
    description: 'Unknown model, deployment or path.',
  },
  MethodNotAllowedError: {
    status: 405,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [],
    description: 'The gateway knows the path but not with this HTTP method.',
  },
  Timeout: {
    status: 408,
    type: 'timeout_error',
    retryable: true,
    fromUpstream: [408],
    description: 'The call took longer than `timeout`.',
  },
  PayloadTooLargeError: {
    status: 413,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [],
    description: "The request body is larger than the gateway's `general_settings.max_request_size_mb`.",
  },
  UnsupportedMediaTypeError: {
    status: 415,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [],
    description: 'The request body sent to the gateway is not JSON.',
  },
  UnprocessableEntityError: {
    status: 422,
    type: 'invalid_request_error',
    retryable: false,
    fromUpstream: [422],
    description: 'The request is well-formed but cannot be processed.',
  },
  RateLimitError: {
    status: 429,
    type: 'rate_limit_error',
    retryable: true,
    fromUpstream: [429],
    description: 'Rate limited or out of quota.',
  },
  InternalServerError: {
    status: 500,
    type: 'internal_server_error',
    retryable: true,
    fromUpstream: [500],
    description: 'The provider failed, llmux could not read its answer, or llmux itself failed.',
  },
  APIConnectionError: {
    status: 500,
    type: 'api_connection_error',
    retryable: true,
    fromUpstream: [],
    kindOf: 'InternalServerError',
    description: 'The provider could not be reached (DNS, refused or reset connection); LiteLLM reports it as 500.',
  },
  ServiceUnavailableError: {
    status: 503,
    type: 'service_unavailable_error',
    retryable: true,
    fromUpstream: [502, 503, 504, 529],
    description: 'The provider is overloaded or down.',
  },
  APIError: {
    status: 'any other',
    type: 'api_error',
    retryable: '5xx and 409',
    fromUpstream: [],
    description: 'Any other status from the provider, kept as it was.',
  },
} as const satisfies Record<string, ErrorTableEntry>;

/** A catalog error's name, e.g. `'RateLimitError'`. */
export type ErrorName = keyof typeof ERROR_TABLE;

/** The fixed HTTP statuses of the catalog (every row but `APIError`). */
export type ErrorStatus = Extract<(typeof ERROR_TABLE)[ErrorName]['status'], number>;
