import { AuthenticationError, BadRequestError } from '../errors/index.js';
import { Cancellation } from '../http/cancellation.js';
import { fetchTransport } from '../http/fetch-transport.js';
import { readFirstEnv } from '../http/read-env.js';
import { resolveModel } from '../providers/registry.js';
import type { CancelSignal } from '../spec/cancel-signal.js';
import { CLIENT_SUPPLIED_BASE_PARAM, type LiteLLMParams } from '../spec/litellm-params.js';
import type { CallContext, Provider } from '../spec/provider.js';
import type { Transport } from '../spec/transport.js';
import { guardedTransport, paramsForClientSuppliedBase } from './client-supplied-base.js';

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
 * Finds the provider, the credentials (call fields first, then environment) and sets up cancellation.
 * A call whose api_base a gateway's client chose (`llmux_client_supplied_base`) takes its
 * credentials from the client alone, never from the environment, and its transport requests carry
 * the gateway's address guard.
 */
export function resolveCall(model: string, callParams: LiteLLMParams, options: RequestOptions = {}): ResolvedCall {
  const clientBase = callParams[CLIENT_SUPPLIED_BASE_PARAM];
  const litellm = clientBase ? paramsForClientSuppliedBase(callParams, clientBase) : callParams;
  const { provider, modelId } = resolveModel(model, litellm.custom_llm_provider);
  const apiKey = clientBase ? litellm.api_key : (litellm.api_key ?? readFirstEnv(provider.apiKeyEnv));
  if (provider.requiresApiKey && !apiKey) {
    throw new AuthenticationError({
      message: `Missing API key for ${provider.id}: pass api_key or set ${provider.apiKeyEnv.join(' or ')}`,
      provider: provider.id,
      model: modelId,
    });
  }
  const apiBase = clientBase
    ? clientBase.credentials.api_base
    : (litellm.api_base ?? litellm.base_url ?? readFirstEnv(provider.apiBaseEnv) ?? provider.defaultApiBase);
  if (!apiBase) {
    throw new BadRequestError({
      message: `${provider.id} needs an api_base${provider.apiBaseEnv[0] ? ` (or ${provider.apiBaseEnv[0]})` : ''}`,
      provider: provider.id,
      model: modelId,
      param: 'api_base',
    });
  }
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
  restartTimer(litellm.timeout ?? DEFAULT_TIMEOUT_SECONDS);
  const context: CallContext = {
    modelId,
    apiKey,
    apiBase: apiBase.replace(/\/+$/, ''),
    apiVersion: litellm.api_version,
    headers: { ...litellm.headers, ...litellm.extra_headers },
    params: litellm,
    transport: clientBase
      ? guardedTransport(options.transport ?? fetchTransport, clientBase.guard)
      : (options.transport ?? fetchTransport),
    cancel: cancellation,
    warnings: [],
  };
  return {
    provider,
    context,
    cancellation,
    restartTimer,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
