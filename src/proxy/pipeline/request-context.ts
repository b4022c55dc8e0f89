import type { RouteInfo, Router } from '../../router/index.js';
import type { Usage } from '../../spec/openai-chat.js';
import type { Transport } from '../../spec/transport.js';
import type { CallDefaults } from '../call-params.js';
import type { ClientCredentialPolicy } from '../client-credentials.js';
import type { GatewayRequest } from '../gateway-types.js';
import type { KeyAccess } from '../keys/key-access.js';
import type { RequestLog } from '../request-log.js';

/** What every handler shares: built once at start-up from the config. */
export interface GatewayState {
  router: Router;
  defaults: CallDefaults;
  policy: ClientCredentialPolicy;
  transport: Transport;
  version: string;
  log: RequestLog;
  /** The request pipeline's stages, in order. */
  pipeline: StageRunner;
  /** Virtual keys (with a master key), their database opened when first needed. */
  keys: KeyAccess | undefined;
}

/** Runs the stages' hooks in order (`Pipeline` in stage.ts). */
export interface StageRunner {
  authenticate(context: RequestContext): void | Promise<void>;
  beforeCall(context: RequestContext): void | Promise<void>;
  afterCall(context: RequestContext): void | Promise<void>;
  account(context: RequestContext): void;
}

/**
 * Who is calling. Filled by the authenticate stages: today only whether the master key was shown;
 * virtual keys, users, teams, organisations and end users fill the rest (issue 10).
 */
export interface Caller {
  /** The master key was presented (or auth is off). */
  admin: boolean;
  /** sha256 of the virtual key, as LiteLLM stores it; never the key itself. */
  keyHash?: string;
  keyAlias?: string;
  userId?: string;
  teamId?: string;
  organizationId?: string;
  /** The end user the caller named (`user` in the body, LiteLLM's customer). */
  endUserId?: string;
  /** The models the key may call (names, wildcards); empty or absent: every model. */
  models?: readonly string[];
  /** The models the key's team may call; a call needs both lists to allow it. */
  teamModels?: readonly string[];
  /** The key's spend so far (USD) as last read, for `x-litellm-key-spend` and its budget. */
  keySpend?: number;
  /** The key's `max_budget` (USD). */
  keyMaxBudget?: number;
  /** The key's team's spend and `max_budget` (USD), when it has one. */
  teamBudget?: { spend: number; max: number };
  /** The key's user's spend and `max_budget` (USD), when it has one. */
  userBudget?: { spend: number; max: number };
}

/** What a guardrail decided, for the log and the response headers (issue 14). */
export interface GuardrailResult {
  name: string;
  stage: 'before' | 'after';
  passed: boolean;
  detail?: string;
}

/** How the request ended: its status, and the error when it failed (499: the client went away). */
export interface Outcome {
  status: number;
  error: unknown;
}

/**
 * One request on its way through the gateway's stages: each stage reads what the ones before it
 * wrote and adds its own. Created once per request with every field present (one object shape).
 */
export interface RequestContext {
  readonly state: GatewayState;
  readonly request: GatewayRequest;
  /** Path parameters, e.g. the Azure-style `{model}`. */
  params: Record<string, string>;
  caller: Caller;
  /** The model the client asked for. */
  model: string | undefined;
  /**
   * The call's parameters once read and validated (the router call: the client's body with the
   * defaults, allowed credentials and `x-litellm-*` headers applied). `beforeCall` stages may read
   * them (guardrails: `messages`) or change them before the call.
   */
  callParams: (Record<string, unknown> & { model: string }) | undefined;
  stream: boolean | undefined;
  /** What the router did: model group, deployment, retries, fallbacks (filled as it goes, kept on failure). */
  route: RouteInfo | undefined;
  /** The provider that answered. */
  provider: string | undefined;
  /** Monotonic times in ms (performance.now()). */
  timings: { startedAt: number; firstTokenAt: number | undefined; endedAt: number | undefined };
  /** Token counts of the call (streams: what was produced, estimated when the upstream sent none). */
  usage: Usage | undefined;
  /** USD cost of the call. */
  cost: number | undefined;
  /** Whether the answer came from the cache (issue 11). */
  cacheHit: boolean | undefined;
  guardrails: GuardrailResult[];
  /** Set once, by `finish`. */
  outcome: Outcome | undefined;
  /** Ends the request: records the outcome and runs the account stages. Exactly once; later calls do nothing. */
  finish(status: number, error?: unknown): void;
}

/** A context with every field in place: stages fill it in as the request goes. */
export function newRequestContext(
  state: GatewayState,
  request: GatewayRequest,
  account: (context: RequestContext) => void,
): RequestContext {
  const context: RequestContext = {
    state,
    request,
    params: {},
    caller: { admin: false },
    model: undefined,
    callParams: undefined,
    stream: undefined,
    route: undefined,
    provider: undefined,
    timings: { startedAt: request.startedAt, firstTokenAt: undefined, endedAt: undefined },
    usage: undefined,
    cost: undefined,
    cacheHit: undefined,
    guardrails: [],
    outcome: undefined,
    finish(status, error) {
      if (context.outcome !== undefined) return;
      context.outcome = { status, error };
      context.timings.endedAt = performance.now();
      account(context);
    },
  };
  return context;
}
