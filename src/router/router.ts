import { ensureModelCostMapLoaded, tokenCounter } from '../models/index.js';
import { type CompletionParams, completion, type ModelResponse } from '../sdk/completion.js';
import { type EmbeddingParams, type EmbeddingResult, embedding } from '../sdk/embedding.js';
import type { RequestOptions } from '../sdk/resolve-call.js';
import { type TextCompletionParams, type TextCompletionResult, textCompletion } from '../sdk/text-completion.js';
import type { ChatMessage } from '../spec/openai-chat.js';
import type { TextCompletion } from '../spec/openai-completions.js';
import type { Transport } from '../spec/transport.js';
import { callTimeouts } from './call-timeout.js';
import { type Deployment, deploymentCallParams, toDeployment } from './deployment.js';
import { MOCK_ATTEMPT_FIELDS } from './mock-attempt-failure.js';
import { ModelGroupIndex, type ModelGroupMatch } from './model-group-index.js';
import { type AttemptHooks, type Invoke, type RouteInfo, routeRequest } from './route-request.js';
import { prefetchFirst, RouterCompletionStream } from './router-completion-stream.js';
import { addRouteInfo, type RouterHiddenParams } from './router-hidden-params.js';
import { ROUTER_REQUEST_FIELDS, type RouterOptions, type RouterRequestFields } from './router-options.js';
import { type RouterSettings, resolveRouterSettings } from './router-settings.js';
import type { RouterState } from './router-state.js';

/** A routed, non-streamed chat completion. */
export type RouterModelResponse = ModelResponse & { _hidden_params: RouterHiddenParams };
/** Params of a routed call: the SDK's, plus the router's per-request fields. */
export type RouterCompletionParams = CompletionParams & RouterRequestFields;

/**
 * LiteLLM's `Router`: load balancing over a `model_list`, retries, fallbacks and cooldowns.
 * @example
 * const router = new Router({ model_list: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o' } }], fallbacks: [{ 'gpt-4o': ['claude'] }] });
 * const response = await router.completion({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
 * response._hidden_params.model_id; // the deployment that answered
 */
export class Router {
  readonly deployments: readonly Deployment[];
  readonly settings: RouterSettings;
  private readonly index: ModelGroupIndex;
  private readonly transport: Transport | undefined;
  /** Whether routing looks at the client's `User-Agent` (tag filtering with a `tag_regex` deployment). */
  readonly readsUserAgent: boolean;

  constructor(options: RouterOptions) {
    if (!Array.isArray(options.model_list)) throw new TypeError('Router needs a model_list array');
    this.deployments = options.model_list.map(toDeployment);
    this.settings = resolveRouterSettings(options);
    this.index = new ModelGroupIndex(this.deployments, options.model_group_alias);
    this.readsUserAgent = this.settings.tagFiltering && this.deployments.some((entry) => entry.tagRegex.length > 0);
    this.transport = options.transport;
  }

  /** The router's shared state (usage, latency, cooldowns). */
  get state(): RouterState {
    return this.settings.state;
  }

  /** Every `model_name`, once each, in config order, then the `model_group_alias` names not hidden. */
  modelNames(): string[] {
    return this.index.names();
  }

  /** Whether a request for `model` has a model group (exact, alias, deployment id or wildcard). */
  hasModel(model: string): boolean {
    return this.index.match(model) !== undefined;
  }

  completion(
    params: RouterCompletionParams & { stream: true },
    options?: RequestOptions,
  ): Promise<RouterCompletionStream>;
  completion(
    params: RouterCompletionParams & { stream?: false | null },
    options?: RequestOptions,
  ): Promise<RouterModelResponse>;
  completion(
    params: RouterCompletionParams,
    options?: RequestOptions,
  ): Promise<RouterModelResponse | RouterCompletionStream>;
  async completion(
    params: RouterCompletionParams,
    options: RequestOptions = {},
  ): Promise<RouterModelResponse | RouterCompletionStream> {
    const stream = params.stream === true;
    const invoke: Invoke<ModelResponse | RouterCompletionStream> = async (target, hooks) => {
      // callParams made this attempt's own copy: `stream` is set on it rather than copied again.
      const call = this.callParams(params, target, stream) as CompletionParams;
      if (!stream) {
        call.stream = false;
        const response = await completion(call as CompletionParams & { stream: false }, this.requestOptions(options));
        hooks.firstChunk();
        hooks.finish(response.usage?.total_tokens);
        return response;
      }
      call.stream = true;
      const inner = await completion(call as CompletionParams & { stream: true }, this.requestOptions(options));
      return RouterCompletionStream.open(inner, hooks);
    };
    const { result, info } = await this.route(params, options, invoke, params.messages);
    addRouteInfo(result, info);
    return result as RouterModelResponse | RouterCompletionStream;
  }

  /** Routed embeddings, with the same retries, fallbacks and cooldowns. */
  async embedding(
    params: EmbeddingParams & RouterRequestFields,
    options: RequestOptions = {},
  ): Promise<EmbeddingResult & { _hidden_params: RouterHiddenParams }> {
    const { result, info } = await this.route(params, options, async (target, hooks) => {
      const response = await embedding(
        this.callParams(params, target, false) as EmbeddingParams,
        this.requestOptions(options),
      );
      hooks.firstChunk();
      hooks.finish(response.usage?.total_tokens);
      return response;
    });
    return addRouteInfo(result, info);
  }

  /** Routed legacy `/completions`; a stream is an async iterable of `text_completion` chunks. */
  async textCompletion(
    params: TextCompletionParams & RouterRequestFields,
    options: RequestOptions = {},
  ): Promise<TextCompletionResult | AsyncIterable<TextCompletion>> {
    const stream = params.stream === true;
    const { result, info } = await this.route(params, options, async (target, hooks) => {
      const call = this.callParams(params, target, stream) as TextCompletionParams;
      const response = await textCompletion(call, this.requestOptions(options));
      if (Symbol.asyncIterator in response) return prefetchFirst(response, hooks, () => undefined);
      hooks.firstChunk();
      hooks.finish(response.usage?.total_tokens);
      return response;
    });
    if (Symbol.asyncIterator in result) return result;
    return addRouteInfo(result, info);
  }

  /** The model group serving `model` (exact or wildcard), with its deployments. */
  match(model: string): ModelGroupMatch | undefined {
    return this.index.match(model);
  }

  /**
   * Routes a call that is not one of the SDK's (the proxy's native Anthropic pass-through) with the
   * same selection, retries, fallbacks and cooldowns; `invoke` gets the deployment's call params.
   */
  async dispatch<T>(
    params: { model: string; stream?: boolean | null } & RouterRequestFields & Record<string, unknown>,
    options: RequestOptions,
    invoke: (
      target: { deployment: Deployment; model: string; modelGroup: string },
      hooks: AttemptHooks,
      call: Record<string, unknown> & { model: string },
    ) => Promise<T>,
  ): Promise<{ result: T; info: RouteInfo }> {
    return this.route(params, options, (target, hooks) =>
      invoke(target, hooks, this.callParams(params, target, params.stream === true)),
    );
  }

  /** Ends the state backend's connections. */
  close(): Promise<void> {
    return this.settings.state.close();
  }

  private async route<T>(
    params: { model: string } & RouterRequestFields & Record<string, unknown>,
    options: RequestOptions,
    invoke: Invoke<T>,
    messages?: readonly ChatMessage[],
  ) {
    await ensureModelCostMapLoaded();
    const perRequestRetries = params['num_retries'] ?? params['max_retries'];
    const settings =
      typeof perRequestRetries === 'number' ? { ...this.settings, numRetries: perRequestRetries } : this.settings;
    const needsTokens = settings.preCallChecks || settings.strategy.startsWith('usage-based');
    const promptTokens = needsTokens && messages ? tokenCounter({ model: params.model, messages }) : undefined;
    return routeRequest({
      settings,
      index: this.index,
      requested: params.model,
      fields: routerFields(params),
      promptTokens,
      signal: options.signal,
      invoke,
    });
  }

  /** Deployment params, then the caller's (minus router fields), the deployment's model, and no SDK-level retries. */
  private callParams(
    params: Record<string, unknown>,
    target: { deployment: Deployment; model: string },
    stream: boolean,
  ): Record<string, unknown> & { model: string } {
    // This attempt's own copy of the deployment's params, then the request's fields laid over it
    // key by key (rather than spread-then-delete: `delete` turns objects into slow dictionaries).
    const call: Record<string, unknown> & { model: string } = deploymentCallParams(target.deployment, target.model);
    for (const name in params) if (!NOT_CALL_PARAMS.has(name)) call[name] = params[name];
    call.model = target.model;
    call['num_retries'] = 0;
    // The request's own timeouts count only below the configured ones (a caller cannot hold a slot longer).
    const timeouts = callTimeouts({
      requested: params,
      deployment: target.deployment.params,
      settings: this.settings,
      stream,
    });
    call['timeout'] = timeouts.timeout;
    call['request_timeout'] = undefined;
    call['stream_timeout'] = timeouts.stream_timeout;
    return call;
  }

  private requestOptions(options: RequestOptions): RequestOptions {
    if (options.transport || !this.transport) return options;
    return { ...options, transport: this.transport };
  }
}

/** Request fields the router consumes and never sends on. */
const NOT_CALL_PARAMS: ReadonlySet<string> = new Set([...ROUTER_REQUEST_FIELDS, ...MOCK_ATTEMPT_FIELDS, 'tags']);

function routerFields(params: Record<string, unknown>): RouterRequestFields {
  const fields: Record<string, unknown> = {};
  for (const name of NOT_CALL_PARAMS) if (params[name] !== undefined) fields[name] = params[name];
  const metadata = params['metadata'] as { tags?: unknown } | undefined;
  if (fields['tags'] === undefined && Array.isArray(metadata?.tags)) fields['tags'] = metadata.tags;
  return fields as RouterRequestFields;
}
