import { ensureModelCostMapLoaded, tokenCounter } from '../models/index.js';
import { type ChatResult, generateChat, streamChat } from '../sdk/call-chat.js';
import { validateChatParams } from '../sdk/completion.js';
import { CompletionStream, type StreamHooks } from '../sdk/completion-stream.js';
import { type EmbeddingParams, type EmbeddingResult, generateEmbedding } from '../sdk/embedding.js';
import { attachHiddenParams, type HiddenParams } from '../sdk/hidden-params.js';
import type { CompletionParams, ModelResponse } from '../sdk/model-response.js';
import type { RequestOptions } from '../sdk/resolve-call.js';
import { splitParams } from '../sdk/split-params.js';
import {
  callTextCompletion,
  type TextCallResult,
  type TextCompletionParams,
  type TextCompletionResult,
} from '../sdk/text-completion.js';
import type { ChatMessage } from '../spec/openai-chat.js';
import type { TextCompletion } from '../spec/openai-completions.js';
import type { EmbeddingResponse } from '../spec/openai-embeddings.js';
import type { Transport } from '../spec/transport.js';
import { type Deployment, toDeployment } from './deployment.js';
import { type DeploymentCall, DeploymentCalls } from './deployment-calls.js';
import { MOCK_ATTEMPT_FIELDS } from './mock-attempt-failure.js';
import { ModelGroupIndex, type ModelGroupMatch } from './model-group-index.js';
import { prefetchFirst } from './prefetch-first.js';
import { type AttemptHooks, type Invoke, type RouteInfo, routeRequest } from './route-request.js';
import { addRouteInfo, type RouterHiddenParams } from './router-hidden-params.js';
import { ROUTER_REQUEST_FIELDS, type RouterOptions, type RouterRequestFields } from './router-options.js';
import { type RouterSettings, resolveRouterSettings } from './router-settings.js';
import type { RouterState } from './router-state.js';

/** A routed, non-streamed chat completion. */
export type RouterModelResponse = ModelResponse & { _hidden_params: RouterHiddenParams };
/** A routed chat stream: the SDK's stream, its first chunk received, `_hidden_params` with the route. */
export type RouterCompletionStream = CompletionStream & { _hidden_params: RouterHiddenParams };
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
  private readonly calls: DeploymentCalls;
  /** Whether routing looks at the client's `User-Agent` (tag filtering with a `tag_regex` deployment). */
  readonly readsUserAgent: boolean;

  constructor(options: RouterOptions) {
    if (!Array.isArray(options.model_list)) throw new TypeError('Router needs a model_list array');
    this.deployments = options.model_list.map(toDeployment);
    this.settings = resolveRouterSettings(options);
    this.index = new ModelGroupIndex(this.deployments, options.model_group_alias);
    this.readsUserAgent = this.settings.tagFiltering && this.deployments.some((entry) => entry.tagRegex.length > 0);
    this.transport = options.transport;
    this.calls = new DeploymentCalls(this.deployments, this.settings);
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
    const { result, info } = await this.chat(params, options);
    if (result instanceof CompletionStream) return addRouteInfo(result, info);
    return addRouteInfo(attachHiddenParams(result.response, result.facts), info);
  }

  /**
   * A routed chat call with typed results (the gateway's): the answer and its facts, or the stream
   * with its first chunk already received. `info` (when given) is filled in as the router goes, so a
   * caller knows the model group, deployment, retries and fallbacks even when the call fails.
   */
  async chat(
    params: RouterCompletionParams,
    options: RequestOptions = {},
    info?: RouteInfo,
  ): Promise<{ result: ChatResult | CompletionStream; info: RouteInfo }> {
    validateChatParams(params);
    const { fields, request, litellm } = splitRouterParams(params);
    const stream = request.stream === true;
    const requestOptions = this.requestOptions(options);
    const invoke: Invoke<ChatResult | CompletionStream> = async (target, hooks) => {
      const call = this.calls.callFor(target.deployment, target.model, request, litellm, stream, requestOptions);
      if (stream) return streamChat(call, streamHooks(hooks), true);
      const result = await generateChat(call);
      hooks.firstChunk();
      hooks.finish(result.response.usage?.total_tokens);
      return result;
    };
    return this.route(params.model, fields, options, invoke, request.messages, info);
  }

  /** Routed embeddings, with the same retries, fallbacks and cooldowns. */
  async embedding(
    params: EmbeddingParams & RouterRequestFields,
    options: RequestOptions = {},
  ): Promise<EmbeddingResult & { _hidden_params: RouterHiddenParams }> {
    const { result, info } = await this.embed(params, options);
    return addRouteInfo(attachHiddenParams(result.response, result.facts), info);
  }

  /** Routed embeddings with typed results (the gateway's); `info` as for `chat`. */
  async embed(
    params: EmbeddingParams & RouterRequestFields,
    options: RequestOptions = {},
    info?: RouteInfo,
  ): Promise<{ result: { response: EmbeddingResponse; facts: HiddenParams }; info: RouteInfo }> {
    const { fields, request, litellm } = splitRouterParams(params);
    const requestOptions = this.requestOptions(options);
    const invoke: Invoke<{ response: EmbeddingResponse; facts: HiddenParams }> = async (target, hooks) => {
      const call = this.calls.callFor(target.deployment, target.model, request, litellm, false, requestOptions);
      const answer = await generateEmbedding(call);
      hooks.firstChunk();
      hooks.finish(answer.response.usage?.total_tokens);
      return answer;
    };
    return this.route(params.model, fields, options, invoke, undefined, info);
  }

  /** Routed legacy `/completions`; a stream is an async iterable of `text_completion` chunks. */
  async textCompletion(
    params: TextCompletionParams & RouterRequestFields,
    options: RequestOptions = {},
  ): Promise<TextCompletionResult | AsyncIterable<TextCompletion>> {
    const { result, info } = await this.completeText(params, options);
    if (Symbol.asyncIterator in result) return result;
    return addRouteInfo(attachHiddenParams(result.response, result.facts), info);
  }

  /** Routed legacy `/completions` with typed results (the gateway's); `info` as for `chat`. */
  async completeText(
    params: TextCompletionParams & RouterRequestFields,
    options: RequestOptions = {},
    info?: RouteInfo,
  ): Promise<{ result: TextCallResult; info: RouteInfo }> {
    const { fields, request, litellm } = splitRouterParams(params);
    const stream = request.stream === true;
    const requestOptions = this.requestOptions(options);
    const invoke: Invoke<TextCallResult> = async (target, hooks) => {
      const call = this.calls.callFor(target.deployment, target.model, request, litellm, stream, requestOptions);
      const answer = await callTextCompletion(call);
      if (Symbol.asyncIterator in answer) return prefetchFirst(answer, hooks);
      hooks.firstChunk();
      hooks.finish(answer.response.usage?.total_tokens);
      return answer;
    };
    return this.route(params.model, fields, options, invoke, undefined, info);
  }

  /** The model group serving `model` (exact or wildcard), with its deployments. */
  match(model: string): ModelGroupMatch | undefined {
    return this.index.match(model);
  }

  /**
   * Routes a call that is not one of the SDK's (the proxy's native Anthropic pass-through) with the
   * same selection, retries, fallbacks and cooldowns; `invoke` gets the attempt's call on its deployment.
   */
  async dispatch<T>(
    params: { model: string; stream?: boolean | null } & RouterRequestFields & Record<string, unknown>,
    options: RequestOptions,
    invoke: (
      target: { deployment: Deployment; model: string; modelGroup: string },
      hooks: AttemptHooks,
      call: DeploymentCall<{ model: string }>,
    ) => Promise<T>,
    info?: RouteInfo,
  ): Promise<{ result: T; info: RouteInfo }> {
    const { fields, request, litellm } = splitRouterParams(params);
    const stream = params.stream === true;
    const requestOptions = this.requestOptions(options);
    return this.route(
      params.model,
      fields,
      options,
      (target, hooks) =>
        invoke(
          target,
          hooks,
          this.calls.callFor(target.deployment, target.model, request, litellm, stream, requestOptions),
        ),
      undefined,
      info,
    );
  }

  /** Ends the state backend's connections. */
  close(): Promise<void> {
    return this.settings.state.close();
  }

  private async route<T>(
    requested: string,
    fields: RouterRequestFields & Record<string, unknown>,
    options: RequestOptions,
    invoke: Invoke<T>,
    messages?: readonly ChatMessage[],
    info?: RouteInfo,
  ) {
    await ensureModelCostMapLoaded();
    const perRequestRetries = fields['num_retries'] ?? fields['max_retries'];
    const settings =
      typeof perRequestRetries === 'number' ? { ...this.settings, numRetries: perRequestRetries } : this.settings;
    const needsTokens = settings.preCallChecks || settings.strategy.startsWith('usage-based');
    const promptTokens = needsTokens && messages ? tokenCounter({ model: requested, messages }) : undefined;
    return routeRequest({
      settings,
      index: this.index,
      requested,
      fields,
      promptTokens,
      signal: options.signal,
      invoke,
      info,
      allowGroup: (options as RouterCallOptions).allowGroup,
    });
  }

  private requestOptions(options: RequestOptions): RequestOptions {
    if (options.transport || !this.transport) return options;
    return { ...options, transport: this.transport };
  }
}

/** A routed call's options: the SDK's, and the model groups the caller may fall back to. */
export interface RouterCallOptions extends RequestOptions {
  /** Model groups the caller may use (a gateway's key allowlist): a fallback to any other is skipped. */
  allowGroup?: ((modelGroup: string) => boolean) | undefined;
}

/** Request fields the router consumes and never sends on. */
const NOT_CALL_PARAMS: ReadonlySet<string> = new Set([...ROUTER_REQUEST_FIELDS, ...MOCK_ATTEMPT_FIELDS, 'tags']);

/** A request's router fields, its OpenAI body and its LiteLLM fields, split once. */
function splitRouterParams<T extends { model: string }>(params: T & Record<string, unknown>) {
  const fields: Record<string, unknown> = {};
  for (const name of NOT_CALL_PARAMS) if (params[name] !== undefined) fields[name] = params[name];
  const metadata = params['metadata'] as { tags?: unknown } | undefined;
  if (fields['tags'] === undefined && Array.isArray(metadata?.tags)) fields['tags'] = metadata.tags;
  const { request, litellm } = splitParams(params, NOT_CALL_PARAMS);
  // A field the caller set to `undefined` blanks the deployment's own (a gateway does, for a
  // deployment's secrets under a client's api_base): it stays, as undefined, over the deployment's.
  for (const name in params) if (params[name] === undefined && !NOT_CALL_PARAMS.has(name)) litellm[name] = undefined;
  return { fields: fields as RouterRequestFields & Record<string, unknown>, request, litellm };
}

/** The router's attempt accounting, told by a stream as it goes. */
function streamHooks(hooks: AttemptHooks): StreamHooks {
  return {
    firstChunk: hooks.firstChunk,
    end: (usage, error) => (error === undefined ? hooks.finish(usage.total_tokens) : hooks.fail(error)),
  };
}
