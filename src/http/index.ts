export { fetchTransport } from './fetch-transport.js';
export { type ParsedErrorBody, parseErrorBody } from './parse-error-body.js';
export { parseNdjsonStream } from './parse-ndjson-stream.js';
export { parseSseStream, type SseEvent } from './parse-sse-stream.js';
export { readEnv, readFirstEnv } from './read-env.js';
export { networkError, postJson, sendRequest, type UpstreamRequest } from './send-request.js';
export { type RetryOptions, sleep, withRetries } from './with-retries.js';
