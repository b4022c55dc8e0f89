import { InternalServerError } from './catalog.js';
import { LLMuxError, type OpenAIErrorBody } from './llmux-error.js';

/** Any thrown value as a typed llmux error: unknown failures become a 500 without internals. */
export function asLLMuxError(error: unknown): LLMuxError {
  if (error instanceof LLMuxError) return error;
  return new InternalServerError({ message: 'Internal error', cause: error });
}

/** The one place any error becomes OpenAI's `{ error: { message, type, param, code } }` and a status. */
export function toOpenAIError(error: unknown): { status: number; body: OpenAIErrorBody } {
  const typed = asLLMuxError(error);
  return { status: typed.status, body: typed.toJSON() };
}
