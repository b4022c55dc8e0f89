import { InternalServerError } from '../errors/index.js';
import { MAX_SSE_EVENT_CHARS } from './parse-sse-stream.js';

/**
 * JSON values from a newline-delimited JSON byte stream (Ollama, some Bedrock-style APIs).
 * A line that grows past `maxLineChars` without ending is an error (a broken or hostile upstream)
 * and stops the read. Only newly arrived text is searched for a newline, so a long line costs
 * linear, not quadratic, time.
 */
export async function* parseNdjsonStream(
  body: AsyncIterable<Uint8Array>,
  maxLineChars: number = MAX_SSE_EVENT_CHARS,
): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const bytes of body) {
    const searchFrom = buffered.length;
    buffered += decoder.decode(bytes, { stream: true });
    let start = 0;
    let newline = buffered.indexOf('\n', searchFrom);
    while (newline !== -1) {
      const line = buffered.slice(start, newline).trim();
      if (line) yield JSON.parse(line);
      start = newline + 1;
      newline = buffered.indexOf('\n', start);
    }
    if (start > 0) buffered = buffered.slice(start);
    if (buffered.length > maxLineChars) throw ndjsonLineTooLarge(maxLineChars);
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest) yield JSON.parse(rest);
}

function ndjsonLineTooLarge(limit: number): InternalServerError {
  return new InternalServerError({
    message: `The upstream sent a stream line larger than ${Math.round(limit / 1024 / 1024)} MB without ending it`,
    code: 'stream_event_too_large',
  });
}
