import { createParser } from 'eventsource-parser';
import { toAnthropicErrorBody } from '../../adapters/anthropic-messages/index.js';
import { toOpenAIError } from '../../errors/index.js';
import { MAX_SSE_EVENT_CHARS, sseEventTooLarge } from '../../http/parse-sse-stream.js';
import { networkError } from '../../http/send-request.js';
import type { AnthropicUsage } from '../../providers/anthropic/index.js';
import type { CallContext } from '../../spec/provider.js';
import type { RouteContext } from '../gateway-state.js';
import { redactSecrets } from '../redact.js';

const encoder = new TextEncoder();

export interface PassThroughOptions {
  body: AsyncIterable<Uint8Array>;
  route: RouteContext;
  context: CallContext;
  account: (usage: AnthropicUsage | undefined) => number | undefined;
  dispose: () => void;
}

/**
 * Forwards Anthropic's SSE bytes as they arrive, reading usage from `message_start`/`message_delta`
 * on the side. Only whole events are forwarded (a trailing partial event waits for its end), so
 * when the upstream breaks mid-way the client still gets a well-formed final `event: error`, as
 * the OpenAI path ends with its error chunk, instead of a silently truncated message.
 */
export async function* passThroughEvents(options: PassThroughOptions): AsyncGenerator<Uint8Array> {
  const { route } = options;
  const usage: AnthropicUsage = {};
  let ended = false;
  const decoder = new TextDecoder();
  let overflow = false;
  const parser = createParser({
    // An event that never ends must not grow without bound, here or in the bytes held back below.
    maxBufferSize: MAX_SSE_EVENT_CHARS,
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    onEvent(event) {
      // Anthropic ends a good stream with message_stop and a failed one with its own error event.
      if (event.event === 'message_stop' || event.event === 'error') ended = true;
      if (event.event !== 'message_start' && event.event !== 'message_delta') return;
      const data = safeJson(event.data);
      Object.assign(usage, withoutNulls(event.event === 'message_start' ? data?.message?.usage : data?.usage));
    },
  });
  let pending: Uint8Array | undefined;
  let failure: unknown;
  let status = 200;
  try {
    for await (const bytes of options.body) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      const joined = pending ? concat(pending, bytes) : bytes;
      const end = completeEventsEnd(joined, pending?.length ?? 0);
      pending = end < joined.length ? joined.subarray(end) : undefined;
      if (overflow || (pending?.length ?? 0) > MAX_SSE_EVENT_CHARS) throw sseEventTooLarge(MAX_SSE_EVENT_CHARS);
      if (end > 0) yield end === joined.length ? joined : joined.subarray(0, end);
    }
    if (pending) {
      // A last event without its blank line: complete it if it is the end, else it is a torn event.
      parser.feed('\n\n');
      if (ended) yield concat(pending, encoder.encode('\n\n'));
    }
    if (!ended) throw new Error('the stream ended before message_stop');
  } catch (error) {
    failure = error;
    if (route.request.signal.aborted) return;
    const typed = networkError(error, { provider: 'anthropic', context: options.context });
    status = toOpenAIError(typed).status;
    const reason = redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 200);
    const body = toAnthropicErrorBody(status, `The anthropic stream was interrupted: ${reason}`);
    yield encoder.encode(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
  } finally {
    options.dispose();
    options.account(usage);
    route.finishLog(route.request.signal.aborted ? 499 : status, failure);
  }
}

/**
 * The length of the leading part of `bytes` made of whole SSE events (ending in a blank line).
 * `known` bytes at the start were already searched, so a long event arriving in small pieces is
 * not searched again from its start each time.
 */
export function completeEventsEnd(bytes: Uint8Array, known = 0): number {
  for (let index = bytes.length - 1; index > 0 && index >= known - 2; index--) {
    if (bytes[index] !== 0x0a) continue;
    // "\n\n" or "\n\r\n": the line before this newline was empty.
    if (bytes[index - 1] === 0x0a || (bytes[index - 1] === 0x0d && bytes[index - 2] === 0x0a)) return index + 1;
  }
  return 0;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

function withoutNulls(usage: AnthropicUsage | undefined): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, value] of Object.entries(usage ?? {})) if (typeof value === 'number') result[name] = value;
  return result;
}

/** The JSON in `text`, or `undefined` when it is not JSON. */
export function safeJson(text: string): { usage?: AnthropicUsage; message?: { usage?: AnthropicUsage } } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
