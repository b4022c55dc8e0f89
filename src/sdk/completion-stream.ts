import { InternalServerError } from '../errors/index.js';
import { networkError } from '../http/send-request.js';
import { withRetries } from '../http/with-retries.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletionChunk, ChatCompletionRequest, Usage } from '../spec/openai-chat.js';
import { checkParams } from './check-params.js';
import { ChunkAccumulator } from './chunk-accumulator.js';
import type { ModelResponse } from './completion.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { DEFAULT_TIMEOUT_SECONDS, type RequestOptions, type ResolvedCall, resolveCall } from './resolve-call.js';
import { estimateUsage, priceOverrides, responseCost } from './response-accounting.js';

/**
 * A streamed chat completion: an async iterable of OpenAI `chat.completion.chunk` objects.
 * Breaking out of the loop, `abort()` or the caller's signal cancels the upstream request.
 * After the last chunk, `usage` and `_hidden_params.response_cost` are set.
 */
export class CompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly _hidden_params: HiddenParams;
  /** Token counts of the whole stream, once it has ended. */
  usage: Usage | undefined;
  private readonly accumulator = new ChunkAccumulator();
  private readonly chunks: AsyncGenerator<ChatCompletionChunk>;
  private iterated = false;

  private constructor(
    private readonly call: ResolvedCall | undefined,
    source: AsyncIterable<ChatCompletionChunk>,
    private readonly request: ChatCompletionRequest,
    private readonly litellm: LiteLLMParams,
    hidden: HiddenParams,
  ) {
    this._hidden_params = hidden;
    this.chunks = this.run(source);
  }

  /** Opens the upstream stream; errors before the first byte (and retries) happen here. */
  static async open(
    request: ChatCompletionRequest,
    litellm: LiteLLMParams,
    options: RequestOptions,
  ): Promise<CompletionStream> {
    const call = resolveCall(request.model, litellm, options);
    const { provider, context } = call;
    try {
      const providerRequest: ChatCompletionRequest = { ...request, model: context.modelId };
      checkParams({
        request: providerRequest,
        provider,
        modelId: context.modelId,
        litellm,
        warnings: context.warnings,
      });
      const { data, headers } = await withRetries(() => provider.doStream(providerRequest, context), {
        numRetries: litellm.num_retries ?? litellm.max_retries ?? 0,
        signal: call.controller.signal,
      });
      const hidden: HiddenParams = {
        custom_llm_provider: provider.id,
        model: context.modelId,
        api_base: context.apiBase,
        response_cost: undefined,
        additional_headers: headers,
        warnings: context.warnings,
        litellm_params: priceOverrides(litellm),
      };
      return new CompletionStream(call, data, request, litellm, hidden);
    } catch (error) {
      call.dispose();
      throw error;
    }
  }

  /** A stream over chunks made without any network call (`mock_response`). */
  static fromChunks(
    chunks: AsyncIterable<ChatCompletionChunk>,
    request: ChatCompletionRequest,
    litellm: LiteLLMParams,
    hidden: HiddenParams,
  ): CompletionStream {
    return new CompletionStream(undefined, chunks, request, litellm, hidden);
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.iterated) throw new Error('A CompletionStream can be iterated only once');
    this.iterated = true;
    return this.chunks;
  }

  /** Cancels the stream and its upstream request. */
  abort(reason?: unknown): void {
    this.call?.controller.abort(reason);
  }

  /** Reads the rest of the stream and returns the whole response (LiteLLM's `stream_chunk_builder`). */
  async finalResponse(): Promise<ModelResponse> {
    if (!this.iterated)
      for await (const _ of this) {
        /* drain */
      }
    const response = this.accumulator.build();
    if (this.usage) response.usage = this.usage;
    return attachHiddenParams(response, this._hidden_params);
  }

  private async *run(source: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<ChatCompletionChunk> {
    const includeUsage = this.request.stream_options?.include_usage === true;
    const idleSeconds = this.litellm.stream_timeout ?? this.litellm.timeout ?? DEFAULT_TIMEOUT_SECONDS;
    let sentRole = false;
    let completed = false;
    try {
      try {
        for await (const chunk of source) {
          this.call?.restartTimer(idleSeconds);
          this.accumulator.add(chunk);
          if (!sentRole && chunk.choices.length > 0) {
            sentRole = true;
            for (const choice of chunk.choices) choice.delta.role ??= 'assistant';
          }
          const visible = includeUsage ? chunk : withoutUsage(chunk);
          if (visible) yield visible;
        }
      } catch (error) {
        throw this.streamError(error);
      }
      completed = true;
      const reported = this.accumulator.usage;
      this.usage =
        reported ??
        (await estimateUsage({
          model: this.request.model,
          messages: this.request.messages,
          outputText: this.accumulator.outputText(),
        }));
      this._hidden_params.response_cost = responseCost({
        provider: this._hidden_params.custom_llm_provider,
        modelId: this._hidden_params.model,
        usage: this.usage,
        litellm: this.litellm,
      });
      if (includeUsage && !reported) yield this.usageChunk(this.usage);
    } finally {
      if (!completed) this.call?.controller.abort();
      this.call?.dispose();
    }
  }

  private usageChunk(usage: Usage): ChatCompletionChunk {
    const built = this.accumulator.build();
    return {
      id: built.id,
      object: 'chat.completion.chunk',
      created: built.created,
      model: built.model,
      choices: [],
      usage,
    };
  }

  private streamError(error: unknown): unknown {
    if (error instanceof SyntaxError) {
      return new InternalServerError({
        message: `${this._hidden_params.custom_llm_provider} sent a stream event that is not valid JSON`,
        provider: this._hidden_params.custom_llm_provider,
        model: this._hidden_params.model,
        cause: error,
      });
    }
    if (!this.call) return error;
    return networkError(error, { provider: this._hidden_params.custom_llm_provider, context: this.call.context });
  }
}

/** Callers who did not ask for `include_usage` get OpenAI's stream without usage. */
function withoutUsage(chunk: ChatCompletionChunk): ChatCompletionChunk | undefined {
  if (chunk.usage === undefined || chunk.usage === null) return chunk;
  if (chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;
  return rest;
}
