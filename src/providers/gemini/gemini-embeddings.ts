import { BadRequestError } from '../../errors/index.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../../spec/openai-embeddings.js';
import { geminiModelPath } from './gemini-params.js';
import type {
  GeminiBatchEmbedContentsRequest,
  GeminiBatchEmbedContentsResponse,
  GeminiEmbedContentRequest,
} from './wire.js';

// Gemini's embedding endpoints report no token counts; about four characters make a token in
// English, the rule of thumb OpenAI documents, so usage (and cost) is estimated from the text.
const CHARACTERS_PER_TOKEN = 4;

/** The texts of an OpenAI embedding request; token-id inputs have no Gemini form. */
export function geminiEmbeddingInputs(request: EmbeddingRequest): string[] {
  const { input } = request;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item): item is string => typeof item === 'string')) return input;
  throw new BadRequestError({
    message: 'Gemini embeddings take text input only, not token ids',
    param: 'input',
    provider: 'gemini',
    model: request.model,
  });
}

/**
 * An OpenAI embedding request as the body of `batchEmbedContents`: one request per input text,
 * `dimensions` as `outputDimensionality`, and Gemini's `task_type` / `title` when given.
 * @example toGeminiEmbedRequest({ model: 'm', input: ['a'], dimensions: 256 }, 'text-embedding-004')
 * // → { requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'a' }] }, outputDimensionality: 256 }] }
 */
export function toGeminiEmbedRequest(request: EmbeddingRequest, modelId: string): GeminiBatchEmbedContentsRequest {
  const model = geminiModelPath(modelId);
  const taskType = request.task_type ?? request.taskType;
  return {
    requests: geminiEmbeddingInputs(request).map((text) => {
      const entry: GeminiEmbedContentRequest = { model, content: { parts: [{ text }] } };
      if (typeof request.dimensions === 'number') entry.outputDimensionality = request.dimensions;
      if (typeof taskType === 'string') entry.taskType = taskType;
      if (typeof request.title === 'string') entry.title = request.title;
      return entry;
    }),
  };
}

/**
 * A `batchEmbedContents` answer as OpenAI's embedding list. `encoding_format: 'base64'` (the
 * `openai` client's default) gets little-endian float32 bytes in base64, as OpenAI sends them.
 * Usage comes from `usageMetadata` when present, else ceil(characters / 4) per input.
 */
export function fromGeminiEmbedResponse(
  response: GeminiBatchEmbedContentsResponse,
  options: { request: EmbeddingRequest; modelId: string },
): EmbeddingResponse {
  const { request, modelId } = options;
  const base64 = request.encoding_format === 'base64';
  const data = (response.embeddings ?? []).map((embedding, index) => {
    const values = embedding.values ?? [];
    return { object: 'embedding' as const, index, embedding: base64 ? float32Base64(values) : values };
  });
  const reported = response.usageMetadata?.promptTokenCount ?? response.usageMetadata?.totalTokenCount;
  const promptTokens = reported ?? estimateTokens(geminiEmbeddingInputs(request));
  return { object: 'list', data, model: modelId, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
}

function estimateTokens(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Math.ceil(text.length / CHARACTERS_PER_TOKEN), 0);
}

function float32Base64(values: readonly number[]): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => {
    view.setFloat32(index * 4, value, true);
  });
  let binary = '';
  // String.fromCharCode takes arguments; chunks keep large vectors under the argument limit.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}
