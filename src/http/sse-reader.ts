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
const SPACE = 32;
const NO_EVENTS: readonly string[] = Object.freeze([]);

/**
 * The fields of one event's raw text (as `SseReader` returns it).
 * @example parseSseEvent('event: ping\ndata: {}\n\n') // → { event: 'ping', data: '{}', raw: … }
 */
export function parseSseEvent(raw: string): SseEvent {
  let data: string | undefined;
  let event: string | undefined;
  // Each search's result is reused until passed, so a line never makes a search run to the end again.
  let nextLf = -2;
  let nextCr = raw.includes('\r') ? -2 : -1;
  let colon = -2;
  for (let start = 0; start < raw.length; ) {
    if (nextLf !== -1 && nextLf < start) nextLf = raw.indexOf('\n', start);
    if (nextCr !== -1 && nextCr < start) nextCr = raw.indexOf('\r', start);
    let end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
    if (end === -1) end = raw.length;
    if (end === start) {
      start = end === nextCr && raw.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      continue;
    }
    // Only `data` and `event` are read; `id`, `retry` and comments are passed over.
    if (colon !== -1 && colon < start) colon = raw.indexOf(':', start);
    const nameEnd = colon === -1 || colon > end ? end : colon;
    if (nameEnd - start === 4 && raw.startsWith('data', start)) {
      const value = fieldValue(raw, nameEnd, end);
      data = data === undefined ? value : `${data}\n${value}`;
    } else if (nameEnd - start === 5 && raw.startsWith('event', start)) {
      event = fieldValue(raw, nameEnd, end) || undefined;
    }
    start = end === nextCr && raw.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
  }
  return { event, data: data ?? '', raw };
}

/** A field's value: after its colon and one optional space (none when the line has no colon). */
function fieldValue(text: string, nameEnd: number, end: number): string {
  if (nameEnd === end) return '';
  return text.slice(text.charCodeAt(nameEnd + 1) === SPACE ? nameEnd + 2 : nameEnd + 1, end);
}

/**
 * Splits decoded SSE text into events, fed one read at a time. Handles `\n`, `\r\n` and `\r` line
 * ends (a CRLF may be split across reads), events split anywhere, comments, multi-line data and a
 * last event without its blank line (`end`). Each read's text is searched once and held pieces are
 * joined once, when their event ends, so an event arriving in many small pieces costs linear time.
 * An event that grows past `maxEventChars` without ending throws `sseEventTooLarge`.
 * Returns each event's raw text (`parseSseEvent` reads its fields): a relay forwards it unparsed.
 * @example const reader = new SseReader(); for (const raw of reader.push(text)) send(raw);
 */
export class SseReader {
  #crSeen = false;
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

  /** Whether a CR was read: a relay that sends `\n` line ends needs to rewrite events only then. */
  get crSeen(): boolean {
    return this.#crSeen;
  }

  /** Feeds the next decoded text; returns the events it completes, in order. */
  push(text: string): readonly string[] {
    if (text.length === 0) return NO_EVENTS;
    // Made only when an event ends, and as small as it can be: this is the relay's per-read cost.
    let events: string[] | undefined;
    let position = this.#afterCr && text.charCodeAt(0) === LF ? 1 : 0;
    this.#afterCr = false;
    // A LF completing a CRLF belongs to the event its CR was in.
    let eventStart = 0;
    if (this.#endedOnCr) {
      this.#endedOnCr = false;
      events = [this.#take(text.slice(0, position))];
      eventStart = position;
    }
    const length = text.length;
    if (!text.includes('\r')) {
      // The common case, searched with indexOf alone.
      while (position < length) {
        const index = text.indexOf('\n', position);
        if (index === -1) {
          this.#lineEmpty = false;
          break;
        }
        const blank = index === position && this.#lineEmpty;
        position = index + 1;
        this.#lineEmpty = true;
        if (!blank) this.#eventHasLine = true;
        else if (this.#eventHasLine) {
          const raw = this.#take(eventStart === 0 && position === length ? text : text.slice(eventStart, position));
          if (events === undefined) events = [raw];
          else events.push(raw);
          eventStart = position;
        }
      }
    } else {
      this.#crSeen = true;
      events ??= [];
      eventStart = this.#scanMixed(text, position, eventStart, events);
    }
    if (eventStart < length) {
      this.#pieces.push(eventStart === 0 ? text : text.slice(eventStart));
      this.#pendingChars += length - eventStart;
      // An upstream that never ends its event cannot make the gateway buffer without bound.
      if (this.#pendingChars > this.#maxEventChars) throw sseEventTooLarge(this.#maxEventChars);
    }
    return events ?? NO_EVENTS;
  }

  /** `push` for text with CRs: each kind of line break found with indexOf, each result reused until passed. */
  #scanMixed(text: string, from: number, start: number, events: string[]): number {
    const length = text.length;
    let position = from;
    let eventStart = start;
    let nextLf = -2;
    let nextCr = -2;
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
    return eventStart;
  }

  /** The stream ended: the event held back, if any, and a last one without its blank line. */
  end(): readonly string[] {
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
  #take(tail: string): string {
    let raw = tail;
    if (this.#pieces.length > 0) {
      raw = this.#pieces.join('') + tail;
      this.#pieces = [];
      this.#pendingChars = 0;
    }
    this.#eventHasLine = false;
    return raw;
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
  for await (const bytes of body) {
    const events = reader.push(decoder.decode(bytes, { stream: true }));
    for (let index = 0; index < events.length; index++) yield parseSseEvent(events[index] as string);
  }
  for (const raw of reader.push(decoder.decode())) yield parseSseEvent(raw);
  for (const raw of reader.end()) yield parseSseEvent(raw);
}

/** The upstream kept one server-sent event open past the limit. */
export function sseEventTooLarge(limit: number): InternalServerError {
  return new InternalServerError({
    message: `The upstream sent a stream event larger than ${Math.round(limit / 1024 / 1024)} MB without ending it`,
    code: 'stream_event_too_large',
  });
}
