import { readSseEvents } from './sse-reader.js';

/**
 * How one provider turns its stream's events into chunks. The reading (SSE framing, `[DONE]`,
 * empty keep-alive events, JSON) is the one loop of `reduceSseStream`; a provider only reduces.
 */
export interface SseReducer<Chunk> {
  /** One event's parsed JSON `data`, with the SSE event name: its chunks (none, one or several); throws the typed error of an error event. */
  event(payload: unknown, name: string | undefined): Chunk | readonly Chunk[] | undefined;
  /** After the last event: what was held back until the end. */
  end?(): readonly Chunk[] | undefined;
}

/**
 * A provider's stream as chunks: every event of the SSE body through the reducer, in order.
 * @example reduceSseStream(response.body, { event: (payload) => payload as TextCompletion })
 */
export async function* reduceSseStream<Chunk extends object>(
  body: AsyncIterable<Uint8Array>,
  reducer: SseReducer<Chunk>,
): AsyncGenerator<Chunk> {
  for await (const event of readSseEvents(body)) {
    const data = event.data.trim();
    if (data === '' || data === '[DONE]') continue;
    const out = reducer.event(JSON.parse(data), event.event);
    if (out === undefined) continue;
    if (Array.isArray(out)) for (const chunk of out as readonly Chunk[]) yield chunk;
    else yield out as Chunk;
  }
  const rest = reducer.end?.();
  if (rest) for (const chunk of rest) yield chunk;
}
