import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { InternalServerError } from '../errors/index.js';

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * The most one event may buffer before it ends, in characters: above any real chunk (a base64
 * image in a stream is a few MB), far below what hurts a gateway's memory.
 */
export const MAX_SSE_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * Server-sent events from a byte stream, one event at a time, in arrival order.
 * Handles `\n`, `\r\n` and `\r` line ends (Gemini uses CRLF) and events split across chunks.
 * An event that grows past `maxEventChars` without ending is an error (a broken or hostile
 * upstream), and the read stops, which releases the upstream.
 */
export async function* parseSseStream(
  body: AsyncIterable<Uint8Array>,
  maxEventChars: number = MAX_SSE_EVENT_CHARS,
): AsyncGenerator<SseEvent> {
  const pending: SseEvent[] = [];
  let overflow = false;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      pending.push({ event: message.event, data: message.data });
    },
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    maxBufferSize: maxEventChars,
  });
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    while (pending.length > 0) yield pending.shift() as SseEvent;
    if (overflow) throw sseEventTooLarge(maxEventChars);
  }
  parser.feed(`${decoder.decode()}\n\n`);
  while (pending.length > 0) yield pending.shift() as SseEvent;
}

/** The upstream kept one server-sent event open past the limit. */
export function sseEventTooLarge(limit: number): InternalServerError {
  return new InternalServerError({
    message: `The upstream sent a stream event larger than ${Math.round(limit / 1024 / 1024)} MB without ending it`,
    code: 'stream_event_too_large',
  });
}
