import { APIConnectionError } from '../../errors/index.js';
import { networkError, readSuccessText, sendRequest } from '../../http/send-request.js';
import { parseSseEvent, SseReader } from '../../http/sse-reader.js';
import type { Usage } from '../../spec/openai-chat.js';
import type { CallContext, PassThroughRequest, PassThroughResult } from '../../spec/provider.js';
import { parseAnthropicErrorBody } from './anthropic-errors.js';
import { ANTHROPIC_VERSION, anthropicMessagesUrl } from './anthropic-messages-url.js';
import { mapAnthropicUsage } from './from-anthropic-response.js';
import type { AnthropicUsage } from './wire.js';

/** The client headers that travel upstream with a native request; any other client header stays behind. */
const CLIENT_HEADERS = new Set(['anthropic-version', 'anthropic-beta']);
/** Events a stream's accounting reads; the rest (content deltas, pings) are forwarded unparsed. */
const ACCOUNTED_EVENT = /message_|error/;

/**
 * Anthropic's own Messages request (`/v1/messages` or `/v1/messages/count_tokens`), sent as the
 * client wrote it with the deployment's model, key and base URL; the answer comes back as
 * Anthropic sent it. A stream is forwarded whole event by whole event, its usage read on the side.
 * @example const result = await anthropicPassThrough({ format: 'anthropic', endpoint: 'messages', body, headers: {}, stream: true }, context);
 */
export async function anthropicPassThrough(
  request: PassThroughRequest,
  context: CallContext,
): Promise<PassThroughResult> {
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (CLIENT_HEADERS.has(lower) && value) headers[lower] = value;
  }
  if (context.apiKey) headers['x-api-key'] = context.apiKey;
  const suffix = request.endpoint === 'count_tokens' ? '/count_tokens' : '';
  const { model: _model, ...rest } = request.body;
  const upstream = { context, provider: 'anthropic' };
  const response = await sendRequest({
    ...upstream,
    url: anthropicMessagesUrl(context.apiBase) + suffix,
    headers,
    body: { model: context.modelId, ...rest },
    parseError: parseAnthropicErrorBody,
  });
  const tally = usageTally();
  const streamed = request.stream && request.endpoint === 'messages';
  const forwarded = forwardedHeaders(response.headers, streamed ? 'text/event-stream' : 'application/json');
  if (!streamed) {
    let text: string;
    try {
      text = await readSuccessText(response, upstream);
    } catch (error) {
      throw networkError(error, upstream);
    }
    if (request.endpoint === 'messages') tally.add(jsonObject(text)?.usage as AnthropicUsage | undefined);
    return { headers: forwarded, body: text, usage: tally.usage };
  }
  return { headers: forwarded, body: passThroughEvents(response.body, { context, tally }), usage: tally.usage };
}

function forwardedHeaders(upstream: Record<string, string>, contentType: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': upstream['content-type'] ?? contentType };
  for (const [name, value] of Object.entries(upstream))
    if (name.startsWith('anthropic-ratelimit-') || name === 'request-id') headers[name] = value;
  return headers;
}

interface UsageTally {
  add(usage: AnthropicUsage | null | undefined): void;
  usage(): Usage | undefined;
}

/** Anthropic's usage fields as they arrive (`message_start`, then `message_delta` totals), OpenAI-shaped on demand. */
function usageTally(): UsageTally {
  let seen: AnthropicUsage | undefined;
  return {
    add(usage) {
      if (!usage || typeof usage !== 'object') return;
      seen ??= {};
      for (const [name, value] of Object.entries(usage))
        if (typeof value === 'number') (seen as Record<string, number>)[name] = value;
    },
    usage: () => (seen ? mapAnthropicUsage(seen) : undefined),
  };
}

/**
 * The stream's whole events as received, one string per upstream read (a trailing partial event
 * waits for its end). Anthropic ends a good stream with `message_stop` and a failed one with its own
 * `error` event; a stream that stops before either, breaks, or sends an event over the reader's limit
 * throws after every whole event before it, so the caller can end its client's stream with an error.
 */
async function* passThroughEvents(
  body: AsyncIterable<Uint8Array>,
  options: { context: CallContext; tally: UsageTally },
): AsyncGenerator<string> {
  const reader = new SseReader();
  const decoder = new TextDecoder();
  let ended = false;
  const see = (raw: string) => {
    if (!ACCOUNTED_EVENT.test(raw)) return;
    const event = parseSseEvent(raw);
    const data = event.data ? jsonObject(event.data) : undefined;
    const name = event.event ?? data?.type;
    if (name === 'message_stop' || name === 'error') ended = true;
    else if (name === 'message_start')
      options.tally.add((data?.message as { usage?: AnthropicUsage } | undefined)?.usage);
    else if (name === 'message_delta') options.tally.add(data?.usage as AnthropicUsage | undefined);
  };
  const upstream = { provider: 'anthropic', context: options.context };
  try {
    for await (const bytes of body) {
      const events = reader.push(decoder.decode(bytes, { stream: true }));
      if (events.length === 0) continue;
      for (const raw of events) see(raw);
      yield events.length === 1 ? (events[0] as string) : events.join('');
    }
    const complete = reader.push(decoder.decode());
    for (const raw of complete) see(raw);
    if (complete.length > 0) yield complete.join('');
    for (const raw of reader.end()) {
      const whole = endsWithBlankLine(raw);
      see(raw);
      // A last event without its blank line is complete only if it ended the stream; else it was torn.
      if (whole || ended) yield whole ? raw : `${raw}${raw.endsWith('\n') ? '\n' : '\n\n'}`;
    }
  } catch (error) {
    throw networkError(error, upstream);
  }
  if (!ended) {
    throw new APIConnectionError({
      message: 'The anthropic stream ended before message_stop',
      provider: 'anthropic',
      model: options.context.modelId,
    });
  }
}

function lineBreakLength(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  if (last === 13) return 1;
  if (last !== 10) return 0;
  return text.charCodeAt(end - 2) === 13 ? 2 : 1;
}

/** Whether `raw` ends with an empty line (`\n\n`, `\r\n\r\n`, `\r\r` …), as a whole event does. */
function endsWithBlankLine(raw: string): boolean {
  const last = lineBreakLength(raw, raw.length);
  return last > 0 && lineBreakLength(raw, raw.length - last) > 0;
}

/** `text` as a JSON object, or `undefined` when it is not one. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
