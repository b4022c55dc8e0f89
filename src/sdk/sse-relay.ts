import { parseSseEvent, SseReader } from '../http/sse-reader.js';
import type { ChatCompletionChunk, Usage } from '../spec/openai-chat.js';
import type { VerbatimStream } from '../spec/provider.js';

/** Events worth parsing in a verbatim relay: the usage chunk, an error payload, the upstream's `[DONE]`. */
const SPECIAL_EVENT = /"usage"\s*:\s*\{|"error"\s*:|\[DONE\]/;
/** OpenAI puts `"usage":null` on every chunk once usage was asked for; an upstream without it ignored the request. */
const USAGE_KEY = /"usage"\s*:/;

export interface SseRelayHooks {
  /** Whether the caller asked for `stream_options.include_usage`; otherwise the usage chunk is not relayed. */
  includeUsage: boolean;
  /** Every upstream read (restarts the idle timer). */
  onRead(): void;
  onUsage(usage: Usage): void;
  /** Fallback when the upstream did not honour `include_usage`: each parsed chunk, returning what to emit. */
  accept(chunk: ChatCompletionChunk): ChatCompletionChunk | undefined;
}

/** One chunk in OpenAI's SSE framing. */
export function sseFrame(chunk: object): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** Callers who did not ask for `include_usage` get OpenAI's stream without usage. */
export function withoutUsage(chunk: ChatCompletionChunk): ChatCompletionChunk | undefined {
  if (chunk.usage === undefined || chunk.usage === null) return chunk;
  if (chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;
  return rest;
}

/**
 * Relays an upstream stream that already is OpenAI's SSE format: one string per upstream read with
 * every complete event in it, as received (line ends made `\n`). Only the few events that matter are
 * parsed: the usage chunk (read for cost; dropped unless the caller asked for it), an error payload
 * (thrown as the typed error) and `[DONE]` (removed: the caller ends the stream). Content chunks are
 * never parsed or re-serialised, which is most of a gateway's per-chunk cost. An upstream that
 * ignored the usage request falls back to parsing every chunk, so the stream is still counted.
 */
export async function* relayVerbatimSse(stream: VerbatimStream, hooks: SseRelayHooks): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = new SseReader();
  const relay = new EventRelay(stream, hooks);
  for await (const bytes of stream.body) {
    hooks.onRead();
    const events = reader.push(decoder.decode(bytes, { stream: true }));
    if (events.length === 0) continue;
    // Events before a failing one in the same read are still delivered, then the error is thrown.
    const out = relay.relay(events, reader.crSeen);
    if (out) yield out;
    if (relay.failure) throw relay.failure.error;
  }
  // A last event may lack its blank line: always rewritten.
  const out = relay.relay([...reader.push(decoder.decode()), ...reader.end().filter((raw) => raw.trim())], true);
  if (out) yield out;
  if (relay.failure) throw relay.failure.error;
}

class EventRelay {
  /** Decided on the first data event (comments before it pass as they are): whether usage chunks come. */
  #verbatim: boolean | undefined;
  failure: { error: unknown } | undefined;
  readonly #stream: VerbatimStream;
  readonly #hooks: SseRelayHooks;
  constructor(stream: VerbatimStream, hooks: SseRelayHooks) {
    this.#stream = stream;
    this.#hooks = hooks;
  }

  /** The text to send for one read's events; stops at an error event (then `failure` is set). */
  relay(events: readonly string[], rewrite: boolean): string {
    let out = '';
    for (const raw of events) {
      if (this.#verbatim === undefined && raw.includes('data:')) this.#verbatim = USAGE_KEY.test(raw);
      const text = this.#verbatim === false ? this.#reframe(raw) : this.#pass(raw, rewrite);
      if (this.failure) break;
      out = out ? out + text : text;
    }
    return out;
  }

  /** `rewrite`: whether the event may have CRs or lack its blank line (else it passes as it is). */
  #pass(raw: string, rewrite: boolean): string {
    if (!SPECIAL_EVENT.test(raw)) return rewrite ? lfEvent(raw) : raw;
    const { data } = parseSseEvent(raw);
    if (!SPECIAL_EVENT.test(data)) return rewrite ? lfEvent(raw) : raw;
    const chunk = this.#parse(data);
    if (!chunk) return '';
    if (chunk.usage) this.#hooks.onUsage(chunk.usage);
    const visible = this.#hooks.includeUsage ? chunk : withoutUsage(chunk);
    if (visible === chunk) return rewrite ? lfEvent(raw) : raw;
    return visible ? sseFrame(visible) : '';
  }

  #reframe(raw: string): string {
    const { data } = parseSseEvent(raw);
    if (!data) return '';
    const chunk = this.#parse(data);
    const visible = chunk && this.#hooks.accept(chunk);
    return visible ? sseFrame(visible) : '';
  }

  #parse(data: string): ChatCompletionChunk | undefined {
    try {
      return this.#stream.parseEvent(data);
    } catch (error) {
      this.failure = { error };
      return undefined;
    }
  }
}

/** An event's text with `\n` line ends and its blank line (a last event may have come without). */
function lfEvent(raw: string): string {
  // Two plain-string passes are cheaper than one regular expression.
  let text = raw.replaceAll('\r\n', '\n');
  if (text.includes('\r')) text = text.replaceAll('\r', '\n');
  return text.endsWith('\n\n') ? text : `${text.replace(/\n+$/, '')}\n\n`;
}
