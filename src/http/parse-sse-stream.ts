// The one SSE reader is `sse-reader.ts`. This file only keeps the old import path of
// `sdk/completion-stream.ts` working until it imports `sse-reader.ts`; then delete it.
export { MAX_SSE_EVENT_CHARS, readSseEvents as parseSseStream, sseEventTooLarge } from './sse-reader.js';
