import { InternalServerError } from '../errors/index.js';

/**
 * The most one event may buffer before it ends, in characters: above any real chunk (a base64
 * image in a stream is a few MB), far below what hurts a gateway's memory.
 */
export const MAX_SSE_EVENT_CHARS = 8 * 1024 * 1024;

/** One server-sent event. Comment-only events are yielded too (their `data` is empty), so a relay loses nothing. */
export interface SseEvent {
  /** The `event:` field, when the event has one. */
  readonly event: string | undefined;
  /** The `data:` lines joined with `\n`; empty when the event has none. */
  readonly data: string;
  /**
   * The event's text exactly as received, its terminating blank line included (a final event the
   * stream ended without one has none). The raws of a stream, joined, are the stream's text.
   */
  readonly raw: string;
}

const LF = 10;
const CR = 13;
const SPACE = 32;

/** An event whose fields are read only when asked for: a relay that forwards `raw` never parses. */
class LazySseEvent implements SseEvent {
  readonly raw: string;
  #event: string | undefined;
  #data: string | undefined;
  constructor(raw: string) {
    this.raw = raw;
  }
  get event(): string | undefined {
    if (this.#data === undefined) this.#parse();
    return this.#event;
  }
  get data(): string {
    if (this.#data === undefined) this.#parse();
    return this.#data as string;
  }
  #parse(): void {
    const raw = this.raw;
    const crFree = !raw.includes('\r');
    let data: string | undefined;
    let event: string | undefined;
    for (let start = 0; start < raw.length; ) {
      const end = crFree ? indexOrEnd(raw, raw.indexOf('\n', start)) : lineEnd(raw, start);
      if (end > start) {
        const colon = raw.indexOf(':', start);
        const hasValue = colon !== -1 && colon < end;
        const field = raw.slice(start, hasValue ? colon : end);
        if (field === 'data' || field === 'event') {
          const valueStart = !hasValue ? end : raw.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
          const value = raw.slice(Math.min(valueStart, end), end);
          if (field === 'event') event = value || undefined;
          else data = data === undefined ? value : `${data}\n${value}`;
        }
      }
      start = raw.charCodeAt(end) === CR && raw.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    }
    this.#event = event;
    this.#data = data ?? '';
  }
}

function indexOrEnd(text: string, index: number): number {
  return index === -1 ? text.length : index;
}

/** The end of the line starting at `start` (its `\r` or `\n`, or the text's end). */
function lineEnd(text: string, start: number): number {
  let index = start;
  while (index < text.length && text.charCodeAt(index) !== LF && text.charCodeAt(index) !== CR) index++;
  return index;
}

/**
 * Splits decoded SSE text into events, fed one read at a time. Handles `\n`, `\r\n` and `\r` line
 * ends (a CRLF may be split across reads), events split anywhere, comments, multi-line data and a
 * last event without its blank line (`end`). Each read's text is searched once and held pieces are
 * joined once, when their event ends, so an event arriving in many small pieces costs linear time.
 * An event that grows past `maxEventChars` without ending throws `sseEventTooLarge`.
 * @example const reader = new SseReader(); for (const event of reader.push(text)) use(event.raw);
 */
export class SseReader {
  readonly #maxEventChars: number;
  /** Text of the current event from earlier reads. */
  #pieces: string[] = [];
  #pendingChars = 0;
  /** Whether the current line has no characters yet. */
  #lineEmpty = true;
  /** Whether the current event has a non-empty line (blank lines before one are kept with it). */
  #eventHasLine = false;
  /** The previous read ended in a CR: a LF starting this read completes that line end. */
  #afterCr = false;
  /** The event ended with a CR at the very end of the previous read: held for a LF that may follow. */
  #endedOnCr = false;

  constructor(maxEventChars: number = MAX_SSE_EVENT_CHARS) {
    this.#maxEventChars = maxEventChars;
  }

  /** Feeds the next decoded text; returns the events it completes, in order. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    if (text.length === 0) return events;
    let position = this.#afterCr && text.charCodeAt(0) === LF ? 1 : 0;
    this.#afterCr = false;
    // A LF completing a CRLF belongs to the event its CR was in.
    let eventStart = 0;
    if (this.#endedOnCr) {
      this.#endedOnCr = false;
      events.push(this.#take(text.slice(0, position)));
      eventStart = position;
    }
    const length = text.length;
    // Searched with indexOf (fast) for each kind of line break; each search result is reused until
    // passed, so a read is searched once however its line breaks mix.
    let nextLf = -2;
    let nextCr = text.includes('\r') ? -2 : -1;
    while (position < length) {
      if (nextLf !== -1 && nextLf < position) nextLf = text.indexOf('\n', position);
      if (nextCr !== -1 && nextCr < position) nextCr = text.indexOf('\r', position);
      const index = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
      if (index === -1) {
        this.#lineEmpty = false;
        break;
      }
      const blank = index === position && this.#lineEmpty;
      position = index + 1;
      if (index === nextCr) {
        if (position < length) {
          if (text.charCodeAt(position) === LF) position++;
        } else {
          this.#afterCr = true;
        }
      }
      this.#lineEmpty = true;
      if (!blank) {
        this.#eventHasLine = true;
      } else if (this.#eventHasLine) {
        if (this.#afterCr) {
          // Its CR may be the first half of a CRLF: the event waits for the next read (or the end).
          this.#endedOnCr = true;
          break;
        }
        events.push(this.#take(text.slice(eventStart, position)));
        eventStart = position;
      }
    }
    if (eventStart < length) {
      this.#pieces.push(eventStart === 0 ? text : text.slice(eventStart));
      this.#pendingChars += length - eventStart;
      // An upstream that never ends its event cannot make the gateway buffer without bound.
      if (this.#pendingChars > this.#maxEventChars) throw sseEventTooLarge(this.#maxEventChars);
    }
    return events;
  }

  /** The stream ended: the event held back, if any, and a last one without its blank line. */
  end(): SseEvent[] {
    this.#endedOnCr = false;
    this.#afterCr = false;
    if (!this.#eventHasLine && this.#lineEmpty) {
      this.#pieces = [];
      this.#pendingChars = 0;
      return [];
    }
    this.#lineEmpty = true;
    return [this.#take('')];
  }

  /** The current event: the held pieces and `tail`, the reader reset for the next one. */
  #take(tail: string): SseEvent {
    const raw = this.#pieces.length === 0 ? tail : this.#pieces.join('') + tail;
    this.#pieces = [];
    this.#pendingChars = 0;
    this.#eventHasLine = false;
    return new LazySseEvent(raw);
  }
}

/**
 * Server-sent events from a byte stream, one at a time, in arrival order (comment-only events
 * included, with empty `data`). An event over `maxEventChars` throws, which stops the read and so
 * releases the upstream.
 * @example for await (const event of readSseEvents(response.body)) if (event.data) handle(JSON.parse(event.data));
 */
export async function* readSseEvents(
  body: AsyncIterable<Uint8Array>,
  maxEventChars: number = MAX_SSE_EVENT_CHARS,
): AsyncGenerator<SseEvent> {
  const reader = new SseReader(maxEventChars);
  const decoder = new TextDecoder();
  for await (const bytes of body) yield* reader.push(decoder.decode(bytes, { stream: true }));
  const rest = decoder.decode();
  if (rest) yield* reader.push(rest);
  yield* reader.end();
}

/** The upstream kept one server-sent event open past the limit. */
export function sseEventTooLarge(limit: number): InternalServerError {
  return new InternalServerError({
    message: `The upstream sent a stream event larger than ${Math.round(limit / 1024 / 1024)} MB without ending it`,
    code: 'stream_event_too_large',
  });
}
