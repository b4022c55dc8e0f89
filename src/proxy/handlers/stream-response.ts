import { type OpenAIErrorBody, toOpenAIError } from '../../errors/index.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { redactSecrets } from '../redact.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** One wire format's stream: its events, how it ends, how it reports a failure. */
export interface StreamWriter<Event extends string | Uint8Array> {
  /** The events, already in the format's framing. */
  events: AsyncIterable<Event>;
  /** The format's closing event after a good end (OpenAI's `data: [DONE]`). */
  closing?: Event;
  /** The format's error event for a failure mid-stream (the status was sent already); `body` is redacted. */
  errorEvent(status: number, body: OpenAIErrorBody): Event;
  /** Copies what the stream produced (usage, cost) into the context, just before it is finished. */
  settle(): void | Promise<void>;
  /** Cancels the upstream of a stream that will never be read; resolves once it has ended. */
  abort(): void | Promise<void>;
}

/**
 * A streamed answer: the writer's events with backpressure, ended by an error event (never a hang)
 * when the upstream fails mid-way, and the request finished exactly once however the stream ends:
 * read to the end, failed, left by the client (499), or never read at all (`abandon`).
 */
export function streamResponse<Event extends string | Uint8Array>(
  context: RequestContext,
  headers: Record<string, string>,
  writer: StreamWriter<Event>,
): GatewayResponse {
  const finish = async (status: number, error?: unknown) => {
    try {
      await writer.settle();
    } finally {
      context.finish(status, error);
    }
  };
  return {
    status: 200,
    headers: { ...SSE_HEADERS, ...headers },
    stream: writeEvents(context, writer, finish),
    abandon: async () => {
      await writer.abort();
      await finish(499);
    },
  };
}

async function* writeEvents<Event extends string | Uint8Array>(
  context: RequestContext,
  writer: StreamWriter<Event>,
  finish: (status: number, error?: unknown) => Promise<void>,
): AsyncGenerator<Event> {
  const { signal } = context.request;
  let status = 200;
  let failure: unknown;
  let ended = false;
  try {
    for await (const event of writer.events) {
      context.timings.firstTokenAt ??= performance.now();
      yield event;
    }
    if (writer.closing !== undefined) yield writer.closing;
    ended = true;
  } catch (error) {
    ended = true;
    failure = error;
    if (signal.aborted) return;
    const { status: errorStatus, body } = toOpenAIError(error);
    status = errorStatus;
    body.error.message = redactSecrets(body.error.message);
    yield writer.errorEvent(errorStatus, body);
  } finally {
    // Not ended: the adapter stopped reading, which it does only when the client has gone.
    await finish(signal.aborted || !ended ? 499 : status, failure);
  }
}
