import { InternalServerError } from '../errors/index.js';
import { networkError } from '../http/send-request.js';
import { withRetries } from '../http/with-retries.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletionChunk, ChatCompletionRequest, Usage } from '../spec/openai-chat.js';
import type { VerbatimStream } from '../spec/provider.js';
import { checkParams } from './check-params.js';
import { ChunkAccumulator } from './chunk-accumulator.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import type { ModelResponse } from './model-response.js';
import { DEFAULT_TIMEOUT_SECONDS, type RequestOptions, type ResolvedCall, resolveCall } from './resolve-call.js';
import { estimateUsage, priceOverrides, responseCost } from './response-accounting.js';
import { relayVerbatimSse, sseFrame, withoutUsage } from './sse-relay.js';

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
  private sentRole = false;

  private constructor(
    private readonly call: ResolvedCall | undefined,
    source: AsyncIterable<ChatCompletionChunk>,
    private readonly request: ChatCompletionRequest,
    private readonly litellm: LiteLLMParams,
    hidden: HiddenParams,
    private readonly verbatim?: VerbatimStream,
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
      const { data, headers, verbatim } = await withRetries(() => provider.doStream(providerRequest, context), {
        numRetries: litellm.num_retries ?? litellm.max_retries ?? 0,
        signal: call.cancellation,
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
      return new CompletionStream(call, data, request, litellm, hidden, options.verbatimSse ? verbatim : undefined);
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
    this.claim();
    return this.chunks;
  }

  /**
   * The stream in OpenAI's SSE framing (`data: {chunk}\n\n` events, without the final `[DONE]`), for
   * gateways. With `verbatimSse` and an upstream that already speaks OpenAI's format, its events are
   * relayed as received, without parsing and re-serialising each chunk. Read it or iterate, not both.
   */
  sse(): AsyncIterable<string> {
    this.claim();
    return this.verbatim ? this.relay(this.verbatim) : this.frame();
  }

  /** Whether `sse()` relays the upstream's events verbatim. */
  get relaysVerbatim(): boolean {
    return this.verbatim !== undefined;
  }

  private claim(): void {
    if (this.iterated) throw new Error('A CompletionStream can be read only once');
    this.iterated = true;
  }

  /** Cancels the stream and its upstream request. */
  abort(reason?: unknown): void {
    this.call?.cancellation.abort(reason);
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
    const idleSeconds = this.idleSeconds();
    let completed = false;
    try {
      try {
        for await (const chunk of source) {
          this.call?.restartTimer(idleSeconds);
          const visible = this.accept(chunk);
          if (visible) yield visible;
        }
      } catch (error) {
        throw this.streamError(error);
      }
      completed = true;
      const usageChunk = await this.settle();
      if (usageChunk) yield usageChunk;
    } finally {
      if (!completed) this.call?.cancellation.abort();
      this.call?.dispose();
    }
  }

  private async *relay(verbatim: VerbatimStream): AsyncGenerator<string> {
    const idleSeconds = this.idleSeconds();
    let completed = false;
    try {
      try {
        yield* relayVerbatimSse(verbatim, {
          includeUsage: this.includeUsage,
          onRead: () => this.call?.restartTimer(idleSeconds),
          onUsage: (usage) => {
            this.accumulator.usage = usage;
          },
          accept: (chunk) => this.accept(chunk),
        });
      } catch (error) {
        throw this.streamError(error);
      }
      completed = true;
      const usageChunk = await this.settle();
      if (usageChunk) yield sseFrame(usageChunk);
    } finally {
      if (!completed) this.call?.cancellation.abort();
      this.call?.dispose();
    }
  }

  private async *frame(): AsyncGenerator<string> {
    for await (const chunk of this.chunks) yield sseFrame(chunk);
  }

  private get includeUsage(): boolean {
    return this.request.stream_options?.include_usage === true;
  }

  private idleSeconds(): number {
    return this.litellm.stream_timeout ?? this.litellm.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  }

  /** One upstream chunk on its way out: accumulated, `role` on the first, usage only when asked for. */
  private accept(chunk: ChatCompletionChunk): ChatCompletionChunk | undefined {
    this.accumulator.add(chunk);
    if (!this.sentRole && chunk.choices.length > 0) {
      this.sentRole = true;
      for (const choice of chunk.choices) choice.delta.role ??= 'assistant';
    }
    return this.includeUsage ? chunk : withoutUsage(chunk);
  }

  /** At the end: usage (estimated when the upstream sent none), cost, and the usage chunk the caller may still need. */
  private async settle(): Promise<ChatCompletionChunk | undefined> {
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
    return this.includeUsage && !reported ? this.usageChunk(this.usage) : undefined;
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
