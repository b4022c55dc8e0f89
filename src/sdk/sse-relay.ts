import { MAX_SSE_EVENT_CHARS, sseEventTooLarge } from '../http/parse-sse-stream.js';
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
 * every complete event in it, as received. Only the few events that matter are parsed: the usage
 * chunk (read for cost; dropped unless the caller asked for it), an error payload (thrown as the
 * typed error) and `[DONE]` (removed: the caller ends the stream). Content chunks are never parsed
 * or re-serialised, which is most of a gateway's per-chunk cost. An upstream that ignored the
 * usage request falls back to parsing every chunk, so the stream is still counted.
 */
export async function* relayVerbatimSse(stream: VerbatimStream, hooks: SseRelayHooks): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let carry = '';
  let verbatim: boolean | undefined;
  // Events before a failing one in the same read are still delivered, then the error is thrown.
  let failure: { error: unknown } | undefined;
  const emit = (block: string): string => {
    // Decided on the first data event; comments before it pass as they are.
    if (verbatim === undefined && block.includes('data:')) verbatim = USAGE_KEY.test(block);
    const result = verbatim === false ? reframeBlock(block, stream, hooks) : relayBlock(block, stream, hooks);
    failure = result.failure;
    return result.out;
  };
  // A CR at the very end of a read may be the first half of a CRLF split across reads.
  let heldCr = false;
  for await (const bytes of stream.body) {
    hooks.onRead();
    // Only the new text is normalised and searched: `carry` already was, so an event that grows
    // over many reads costs linear time, not quadratic.
    let fresh = decoder.decode(bytes, { stream: true });
    if (heldCr) fresh = `\r${fresh}`;
    heldCr = fresh.charCodeAt(fresh.length - 1) === 13;
    if (heldCr) fresh = fresh.slice(0, -1);
    if (fresh.includes('\r')) fresh = fresh.replace(/\r\n?/g, '\n');
    const searchFrom = carry.length > 0 ? carry.length - 1 : 0;
    const text = carry + fresh;
    const end = text.indexOf('\n\n', searchFrom) === -1 ? -1 : text.lastIndexOf('\n\n');
    carry = end === -1 ? text : text.slice(end + 2);
    // An upstream that never ends its event cannot make the gateway buffer without bound.
    if (carry.length > MAX_SSE_EVENT_CHARS) throw sseEventTooLarge(MAX_SSE_EVENT_CHARS);
    if (end === -1) continue;
    const out = emit(text.slice(0, end + 2));
    if (out) yield out;
    if (failure) throw failure.error;
  }
  const rest = (carry + (heldCr ? '\r' : '') + decoder.decode()).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  if (rest.trim()) {
    const out = emit(`${rest}\n\n`);
    if (out) yield out;
    if (failure) throw failure.error;
  }
}

interface BlockResult {
  out: string;
  failure?: { error: unknown } | undefined;
}

function relayBlock(block: string, stream: VerbatimStream, hooks: SseRelayHooks): BlockResult {
  if (!SPECIAL_EVENT.test(block)) return { out: block };
  let out = '';
  for (const event of block.split('\n\n')) {
    if (!event) continue;
    const data = eventData(event);
    if (data === undefined || !SPECIAL_EVENT.test(data)) {
      out += `${event}\n\n`;
      continue;
    }
    let chunk: ChatCompletionChunk | undefined;
    try {
      chunk = stream.parseEvent(data);
    } catch (error) {
      return { out, failure: { error } };
    }
    if (!chunk) continue;
    if (chunk.usage) hooks.onUsage(chunk.usage);
    const visible = hooks.includeUsage ? chunk : withoutUsage(chunk);
    if (visible === chunk) out += `${event}\n\n`;
    else if (visible) out += sseFrame(visible);
  }
  return { out };
}

function reframeBlock(block: string, stream: VerbatimStream, hooks: SseRelayHooks): BlockResult {
  let out = '';
  for (const event of block.split('\n\n')) {
    const data = event ? eventData(event) : undefined;
    if (data === undefined) continue;
    let chunk: ChatCompletionChunk | undefined;
    try {
      chunk = stream.parseEvent(data);
    } catch (error) {
      return { out, failure: { error } };
    }
    const visible = chunk && hooks.accept(chunk);
    if (visible) out += sseFrame(visible);
  }
  return { out };
}

/** The `data` of one event (several `data:` lines join with a newline), or `undefined` for a comment-only event. */
function eventData(event: string): string | undefined {
  if (event.startsWith('data:') && !event.includes('\n')) return event.slice(event[5] === ' ' ? 6 : 5);
  let data: string | undefined;
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.slice(line[5] === ' ' ? 6 : 5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}
