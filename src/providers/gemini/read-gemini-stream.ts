import { reduceSseStream } from '../../http/reduce-sse-stream.js';
import type { ChatCompletionChunk } from '../../spec/openai-chat.js';
import { geminiStreamError } from './gemini-errors.js';
import { createGeminiStreamState, reduceGeminiStream } from './gemini-stream.js';
import type { GeminiGenerateContentResponse } from './wire.js';

/** Options of `readGeminiStream`. */
export interface ReadGeminiStreamOptions {
  /** Provider id for errors (`gemini`, `vertex_ai` …). */
  provider: string;
  modelId: string;
}

/**
 * OpenAI chunks from a `streamGenerateContent?alt=sse` body (CRLF-framed events, each a whole
 * `GenerateContentResponse`); an error envelope inside the stream becomes a typed error.
 * @example for await (const chunk of readGeminiStream(response.body, { provider: 'gemini', modelId })) …
 */
export function readGeminiStream(
  body: AsyncIterable<Uint8Array>,
  options: ReadGeminiStreamOptions,
): AsyncGenerator<ChatCompletionChunk> {
  let state = createGeminiStreamState(options.modelId);
  return reduceSseStream<ChatCompletionChunk>(body, {
    event(payload) {
      const error = geminiStreamError(payload, options.provider, options.modelId);
      if (error) throw error;
      const result = reduceGeminiStream(state, {
        type: 'response',
        response: payload as GeminiGenerateContentResponse,
      });
      state = result.state;
      return result.chunks;
    },
    end: () => reduceGeminiStream(state, { type: 'end' }).chunks,
  });
}
