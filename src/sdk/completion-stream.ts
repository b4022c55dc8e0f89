import { InternalServerError } from '../errors/index.js';
import { networkError } from '../http/send-request.js';
import { parseSseEvent, SseReader } from '../http/sse-reader.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletionChunk, ChatCompletionRequest, Usage } from '../spec/openai-chat.js';
import type { VerbatimStream } from '../spec/provider.js';
import { ChunkAccumulator } from './chunk-accumulator.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import type { ModelResponse } from './model-response.js';
import { DEFAULT_TIMEOUT_SECONDS, type ResolvedCall } from './resolve-call.js';
import { estimateUsage, type priceOverrides, responseCost } from './response-accounting.js';
import { relayVerbatimSse, sseFrame, withoutUsage } from './sse-relay.js';

/** Who watches a stream as it goes: a router's accounting of the attempt, a gateway's of the request. */
export interface StreamHooks {
  /** The first chunk arrived. */
  firstChunk?(): void;
  /**
   * The stream ended, however: read to its end, failed, or left early. `usage` is what the stream
   * produced (the upstream's figures, else estimated from what was seen); `error` is set when it failed
   * or was cancelled.
   */
  end?(usage: Usage, error: unknown): void;
}

export interface OpenStreamOptions {
  call: ResolvedCall | undefined;
  source: AsyncIterable<ChatCompletionChunk>;
  /** The request as asked for (`model` as configured: token estimates use it). */
  request: ChatCompletionRequest;
  litellm: LiteLLMParams;
  facts: HiddenParams;
  verbatim?: VerbatimStream | undefined;
  hooks?: StreamHooks | undefined;
  /** Wait for the first chunk before resolving, so a failure before it rejects the open. */
  prefetch?: boolean;
}

/**
 * A streamed chat completion: an async iterable of OpenAI `chat.completion.chunk` objects, or with
 * `sse()` the same in OpenAI's SSE framing. Breaking out of the loop, `abort()` or the caller's
 * signal cancels the upstream request. When it ends, however it ends, `usage` and
 * `_hidden_params.response_cost` are set (estimated from what was seen when the upstream sent none).
 */
export class CompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly _hidden_params: HiddenParams;
  /** Token counts of the stream, once it has ended. */
  usage: Usage | undefined;
  private readonly accumulator = new ChunkAccumulator();
  /** The stream's own generator (parsed chunks, or verbatim SSE text). */
  private readonly body: AsyncGenerator<ChatCompletionChunk> | AsyncGenerator<string>;
  /** What a reader gets: `body`, or with a prefetched first item, that item then `body`. */
  private items: AsyncGenerator<ChatCompletionChunk> | AsyncGenerator<string>;
  private iterated = false;
  private sentRole = false;
  /** Whether any item came from the upstream (a stream that failed before one produced nothing to count). */
  private started = false;
  /** What a verbatim relay passed on, read again only when it ends early (to estimate its tokens). */
  private relayed: string[] | undefined;

  private constructor(private readonly options: OpenStreamOptions) {
    this._hidden_params = options.facts;
    this.body = options.verbatim ? this.relay(options.verbatim) : this.run(options.source);
    this.items = this.body;
  }

  /** Opens the stream; with `prefetch`, its first item is read first (a failure before it rejects here). */
  static async open(options: OpenStreamOptions): Promise<CompletionStream> {
    const stream = new CompletionStream(options);
    if (options.prefetch) await stream.prefetch();
    return stream;
  }

  /** Whether `sse()` relays the upstream's events verbatim. */
  get relaysVerbatim(): boolean {
    return this.options.verbatim !== undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    this.claim();
    if (this.relaysVerbatim) throw new Error('This stream was opened for sse(); read it with sse()');
    return this.items as AsyncGenerator<ChatCompletionChunk>;
  }

  /**
   * The stream in OpenAI's SSE framing (`data: {chunk}\n\n` events, without the final `[DONE]`), for
   * gateways. With `verbatimSse` and an upstream that already speaks OpenAI's format, its events are
   * relayed as received, without parsing and re-serialising each chunk. Read it or iterate, not both.
   */
  sse(): AsyncIterable<string> {
    this.claim();
    if (this.relaysVerbatim) return this.items as AsyncGenerator<string>;
    return frame(this.items as AsyncGenerator<ChatCompletionChunk>);
  }

  /** Cancels the stream and its upstream request; resolves once the stream has ended and been counted. */
  async abort(reason?: unknown): Promise<void> {
    this.options.call?.cancellation.abort(reason);
    await this.body.return(undefined);
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

  private claim(): void {
    if (this.iterated) throw new Error('A CompletionStream can be read only once');
    this.iterated = true;
  }

  /** Reads the first item now and puts it back in front, so the caller still gets every item. */
  private async prefetch(): Promise<void> {
    const source = this.body as AsyncGenerator<ChatCompletionChunk>;
    this.items = withFirst(await source.next(), source);
  }

  private async *run(source: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<ChatCompletionChunk> {
    const idleSeconds = this.idleSeconds();
    let failure: unknown;
    let completed = false;
    try {
      try {
        for await (const chunk of source) {
          this.options.call?.restartTimer(idleSeconds);
          if (!this.started) this.start();
          const visible = this.accept(chunk);
          if (visible) yield visible;
        }
      } catch (error) {
        failure = this.streamError(error);
        throw failure;
      }
      completed = true;
      const usageChunk = await this.settle(undefined);
      if (usageChunk) yield usageChunk;
    } finally {
      if (!completed) await this.endEarly(failure);
    }
  }

  private async *relay(verbatim: VerbatimStream): AsyncGenerator<string> {
    const idleSeconds = this.idleSeconds();
    const relayed: string[] = [];
    this.relayed = relayed;
    let failure: unknown;
    let completed = false;
    try {
      try {
        for await (const text of relayVerbatimSse(verbatim, {
          includeUsage: this.includeUsage,
          onRead: () => this.options.call?.restartTimer(idleSeconds),
          onUsage: (usage) => {
            this.accumulator.usage = usage;
          },
          accept: (chunk) => this.accept(chunk),
        })) {
          if (!this.started) this.start();
          relayed.push(text);
          yield text;
        }
      } catch (error) {
        failure = this.streamError(error);
        throw failure;
      }
      completed = true;
      const usageChunk = await this.settle(undefined);
      if (usageChunk) yield sseFrame(usageChunk);
    } finally {
      if (!completed) await this.endEarly(failure);
    }
  }

  /** A stream that failed or was left early: the upstream is cancelled and what it produced is counted. */
  private async endEarly(failure: unknown): Promise<void> {
    const cancellation = this.options.call?.cancellation;
    cancellation?.abort();
    if (this.relayed && this.accumulator.usage === undefined) this.readRelayed(this.relayed);
    // Left early without a failure is the reader's choice, not the deployment's fault: no error.
    await this.settle(failure);
  }

  /** Parses what a verbatim relay passed on, for the token estimate of a stream that ended early. */
  private readRelayed(relayed: string[]): void {
    const verbatim = this.options.verbatim as VerbatimStream;
    const reader = new SseReader();
    const events: string[] = [];
    for (const text of relayed) events.push(...reader.push(text));
    events.push(...reader.end());
    try {
      for (const raw of events) {
        const { data } = parseSseEvent(raw);
        const chunk = data ? verbatim.parseEvent(data) : undefined;
        if (chunk) this.accumulator.add(chunk);
      }
    } catch {
      // An unreadable event was the failure itself: what came before it is counted.
    }
  }

  private start(): void {
    this.started = true;
    this.options.hooks?.firstChunk?.();
  }

  private get includeUsage(): boolean {
    return this.options.request.stream_options?.include_usage === true;
  }

  private idleSeconds(): number {
    const { litellm } = this.options;
    return litellm.stream_timeout ?? litellm.timeout ?? DEFAULT_TIMEOUT_SECONDS;
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

  /**
   * At the end, once: usage (estimated when the upstream sent none), cost, the hooks told, and the
   * usage chunk a caller who asked for it may still need.
   */
  private async settle(failure: unknown): Promise<ChatCompletionChunk | undefined> {
    this.options.call?.dispose();
    const reported = this.accumulator.usage;
    const { request, facts } = this.options;
    let usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    try {
      if (reported || this.started || failure === undefined)
        usage =
          reported ??
          (await estimateUsage({
            model: request.model,
            messages: request.messages,
            outputText: this.accumulator.outputText(),
          }));
    } catch {
      // No tokenizer for this model: the stream is still accounted, with what is known.
    }
    this.usage = usage;
    facts.response_cost = responseCost({
      provider: facts.custom_llm_provider,
      modelId: facts.model,
      usage,
      litellm: this.options.litellm,
      prices: facts.litellm_params as ReturnType<typeof priceOverrides> | undefined,
    });
    this.options.hooks?.end?.(usage, failure);
    return failure === undefined && this.includeUsage && !reported ? this.usageChunk(usage) : undefined;
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
    const { facts, call } = this.options;
    if (error instanceof SyntaxError) {
      return new InternalServerError({
        message: `${facts.custom_llm_provider} sent a stream event that is not valid JSON`,
        provider: facts.custom_llm_provider,
        model: facts.model,
        cause: error,
      });
    }
    if (!call) return error;
    return networkError(error, { provider: facts.custom_llm_provider, context: call.context });
  }
}

/**
 * `source` with its first result, already read, put back in front. A plain iterator rather than a
 * generator: no extra promise per item on the hottest loop of a stream.
 */
function withFirst<T>(first: IteratorResult<T>, source: AsyncGenerator<T>): AsyncGenerator<T> {
  let pending: IteratorResult<T> | undefined = first;
  const iterator: AsyncGenerator<T> = {
    next() {
      if (pending === undefined) return source.next();
      const result = pending;
      pending = undefined;
      return Promise.resolve(result);
    },
    return(value) {
      pending = undefined;
      // Left at the first item: the source is still open and must be closed (a no-op once it ended).
      return source.return(value);
    },
    throw(error) {
      pending = undefined;
      return source.throw(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  } as AsyncGenerator<T>;
  return iterator;
}

async function* frame(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<string> {
  for await (const chunk of chunks) yield sseFrame(chunk);
}
