import type { ModelResponse } from '../sdk/completion.js';
import type { CompletionStream } from '../sdk/completion-stream.js';
import { sseFrame } from '../sdk/sse-relay.js';
import type { ChatCompletionChunk, Usage } from '../spec/openai-chat.js';
import type { AttemptHooks } from './route-request.js';
import type { RouterHiddenParams } from './router-hidden-params.js';

/**
 * Reads the first item of a stream before handing it over, so a failure before the first chunk is
 * an ordinary attempt failure the router retries or falls back from; a failure after it reaches the
 * caller. Breaking out early cancels the upstream.
 */
export async function prefetchFirst<T>(
  source: AsyncIterable<T>,
  hooks: AttemptHooks,
  tokens: () => number | undefined,
): Promise<AsyncGenerator<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  hooks.firstChunk();
  return (async function* relay() {
    try {
      let next = first;
      while (!next.done) {
        yield next.value;
        next = await iterator.next();
      }
      hooks.finish(tokens());
    } catch (error) {
      hooks.fail(error);
      throw error;
    } finally {
      hooks.finish(undefined);
      await iterator.return?.()?.catch(() => undefined);
    }
  })();
}

/**
 * The router's streamed chat completion: the SDK's `CompletionStream` with its first chunk already
 * received, and `_hidden_params` carrying the deployment, model group, retries and fallbacks.
 * Opened for `sse()` (the SDK's `verbatimSse` option), the first SSE event is what was awaited.
 */
export class RouterCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  private iterated = false;

  private constructor(
    private readonly inner: CompletionStream,
    private readonly items: AsyncGenerator<ChatCompletionChunk> | AsyncGenerator<string>,
  ) {}

  /** Opens the stream on one deployment; rejects when it fails before the first chunk. */
  static async open(inner: CompletionStream, hooks: AttemptHooks): Promise<RouterCompletionStream> {
    const tokens = () => inner.usage?.total_tokens;
    const items = inner.relaysVerbatim
      ? await prefetchFirst(inner.sse(), hooks, tokens)
      : await prefetchFirst(inner, hooks, tokens);
    return new RouterCompletionStream(inner, items);
  }

  get _hidden_params(): RouterHiddenParams {
    return this.inner._hidden_params as RouterHiddenParams;
  }

  /** Token counts of the whole stream, once it has ended. */
  get usage(): Usage | undefined {
    return this.inner.usage;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    this.claim();
    if (this.inner.relaysVerbatim) throw new Error('This stream was opened for sse(); read it with sse()');
    return this.items as AsyncGenerator<ChatCompletionChunk>;
  }

  /** The stream in OpenAI's SSE framing (see `CompletionStream.sse`). */
  sse(): AsyncIterable<string> {
    this.claim();
    if (this.inner.relaysVerbatim) return this.items as AsyncGenerator<string>;
    return frame(this.items as AsyncGenerator<ChatCompletionChunk>);
  }

  /** Cancels the stream and its upstream request. */
  abort(reason?: unknown): void {
    this.inner.abort(reason);
    void this.items.return(undefined);
  }

  /** Reads the rest of the stream and returns the whole response. */
  async finalResponse(): Promise<ModelResponse> {
    if (!this.iterated)
      for await (const _ of this) {
        /* drain */
      }
    return this.inner.finalResponse();
  }

  private claim(): void {
    if (this.iterated) throw new Error('A RouterCompletionStream can be read only once');
    this.iterated = true;
  }
}

async function* frame(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<string> {
  for await (const chunk of chunks) yield sseFrame(chunk);
}
