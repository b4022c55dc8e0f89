import { Cancellation } from '../http/cancellation.js';
import { fetchTransport } from '../http/fetch-transport.js';
import type { CancelSignal } from '../spec/cancel-signal.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { CallContext, Provider } from '../spec/provider.js';
import type { Transport } from '../spec/transport.js';
import { type CallTarget, resolveTarget } from './call-target.js';
import { guardedTransport } from './client-supplied-base.js';

/** Options beside the params, as in the `openai` client: cancellation and the transport. */
export interface RequestOptions {
  /** Aborts the call, including an open stream and its upstream request. */
  signal?: CancelSignal | undefined;
  /** How upstreams are reached; defaults to `fetch`. */
  transport?: Transport;
  /**
   * A gateway's promise to read streams with `CompletionStream.sse()`: upstreams that already speak
   * OpenAI's SSE format are then relayed verbatim instead of parsed and re-serialised chunk by chunk.
   */
  verbatimSse?: boolean;
}

/** LiteLLM's default request timeout, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** One call under way on a target: its provider context, cancellation and timeout. */
export interface ResolvedCall {
  provider: Provider;
  context: CallContext;
  /** Aborts the upstream call; done when the caller's signal fires, on timeout, or when a stream is left early. */
  cancellation: Cancellation;
  /** Clears the timeout timer and the listener on the caller's signal. */
  dispose(): void;
  /** Restarts the timeout (streams: time allowed between chunks). */
  restartTimer(seconds: number | undefined): void;
}

/**
 * One call on one target, without retries: what the call functions (`generateChat`, `streamChat`,
 * `generateEmbedding`, `callTextCompletion`) take, from `completion()` and friends or from the router.
 */
export interface TargetCall<Request> {
  /** The model as configured (`provider/model-id`): mock answers and token estimates use it. */
  model: string;
  /** The OpenAI body; the call functions set the target's model id in their own copy. */
  request: Request;
  /** The call's LiteLLM fields (a deployment's, then the request's). */
  litellm: LiteLLMParams;
  /** The target, resolved beforehand; a function so a mock call never needs credentials. */
  target: () => CallTarget;
  options: RequestOptions;
}

/**
 * A public SDK call's one target (resolved at most once, however many retries) and its retries
 * (`num_retries`, alias `max_retries`, under the caller's signal).
 */
export function oneOffCall<Request extends { model: string }>(
  request: Request,
  litellm: LiteLLMParams,
  options: RequestOptions,
): { call: TargetCall<Request>; retries: { numRetries: number; signal: CancelSignal | undefined } } {
  let target: CallTarget | undefined;
  const call: TargetCall<Request> = {
    model: request.model,
    request,
    litellm,
    target: () => {
      target ??= resolveTarget(request.model, litellm);
      return target;
    },
    options,
  };
  return { call, retries: { numRetries: litellm.num_retries ?? litellm.max_retries ?? 0, signal: options.signal } };
}

/** Resolves the target from the call's own fields and opens the call (one-off SDK calls and tests). */
export function resolveCall(model: string, callParams: LiteLLMParams, options: RequestOptions = {}): ResolvedCall {
  const target = resolveTarget(model, callParams);
  return openCall(target, target.params, options);
}

/**
 * Opens one call on an already resolved target: the provider's context with the call's fields,
 * cancellation tied to the caller's signal, and the timeout started. A target whose api_base a
 * gateway's client chose keeps its own (client-only) fields, and its transport carries the guard.
 */
export function openCall(target: CallTarget, litellm: LiteLLMParams, options: RequestOptions = {}): ResolvedCall {
  const params = target.clientBase ? target.params : litellm;
  const cancellation = new Cancellation();
  const onCallerAbort = () => cancellation.abort(options.signal?.reason);
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const restartTimer = (seconds: number | undefined) => {
    if (timer !== undefined) clearTimeout(timer);
    if (seconds === undefined || seconds <= 0) return;
    timer = setTimeout(
      () => cancellation.abort(new DOMException(`Timed out after ${seconds}s`, 'TimeoutError')),
      seconds * 1000,
    );
    // A forgotten, unread stream must not keep a Node process alive for the whole timeout.
    (timer as { unref?: () => void }).unref?.();
  };
  restartTimer(params.timeout ?? DEFAULT_TIMEOUT_SECONDS);
  const transport = options.transport ?? fetchTransport;
  const context: CallContext = {
    modelId: target.modelId,
    apiKey: target.apiKey,
    apiBase: target.apiBase,
    apiVersion: target.apiVersion,
    headers: target.headers,
    params,
    transport: target.clientBase ? guardedTransport(transport, target.clientBase.guard) : transport,
    cancel: cancellation,
    warnings: [],
  };
  return {
    provider: target.provider,
    context,
    cancellation,
    restartTimer,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
