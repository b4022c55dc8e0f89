import type { Transport, TransportResponse } from '../spec/transport.js';

/** The portable default transport: global `fetch`, on any runtime. */
export const fetchTransport: Transport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: (request.body ?? null) as BodyInit | null,
    signal: request.signal ?? null,
  });
  return fromFetchResponse(response);
};

function fromFetchResponse(response: Response): TransportResponse {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    status: response.status,
    headers,
    body: readableToIterable(response.body),
    text: () => response.text(),
  };
}

/** Reads a web stream chunk by chunk; releasing early (break/throw) cancels the body, and so the upstream call. */
async function* readableToIterable(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
