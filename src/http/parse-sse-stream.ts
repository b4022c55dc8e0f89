import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * Server-sent events from a byte stream, one event at a time, in arrival order.
 * Handles `\n`, `\r\n` and `\r` line ends (Gemini uses CRLF) and events split across chunks.
 */
export async function* parseSseStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const pending: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      pending.push({ event: message.event, data: message.data });
    },
  });
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    while (pending.length > 0) yield pending.shift() as SseEvent;
  }
  parser.feed(`${decoder.decode()}\n\n`);
  while (pending.length > 0) yield pending.shift() as SseEvent;
}
