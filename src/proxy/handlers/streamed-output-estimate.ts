import { parseSseEvent, SseReader } from '../../http/sse-reader.js';
import { countTokens } from '../../models/index.js';

/**
 * The output tokens of an Anthropic stream that ended early, estimated from the text, thinking and
 * tool arguments it streamed: Anthropic reports output tokens only in its closing `message_delta`,
 * so a stream cut before it would otherwise be accounted with the one token `message_start` says.
 * Runs only for streams that did not end (the events are parsed again here, never on the way out).
 */
export async function estimateStreamedOutput(relayed: readonly string[], model: string): Promise<number> {
  const reader = new SseReader();
  const events: string[] = [];
  for (const text of relayed) events.push(...reader.push(text));
  events.push(...reader.end());
  let output = '';
  for (const raw of events) {
    const { event, data } = parseSseEvent(raw);
    if (event !== 'content_block_delta' || !data) continue;
    try {
      const delta = (JSON.parse(data) as { delta?: Record<string, unknown> }).delta ?? {};
      for (const field of ['text', 'thinking', 'partial_json']) {
        if (typeof delta[field] === 'string') output += delta[field];
      }
    } catch {
      // A torn last event: what came before it is counted.
    }
  }
  return output ? countTokens({ model, text: output }) : 0;
}
