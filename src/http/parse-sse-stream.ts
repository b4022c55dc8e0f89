// The one SSE reader is `sse-reader.ts`. This file only keeps old import paths working
// (`sdk/completion-stream.ts`, `proxy/handlers/anthropic-pass-through.ts`) until they move to it; then delete it.
export { MAX_SSE_EVENT_CHARS, readSseEvents as parseSseStream, sseEventTooLarge } from './sse-reader.js';
