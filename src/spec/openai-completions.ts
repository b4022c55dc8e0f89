/** OpenAI legacy `POST /completions` wire types. */
import type { Usage } from './openai-chat.js';

export interface TextCompletionRequest {
  model: string;
  prompt: string | string[] | number[] | number[][];
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  logprobs?: number | null;
  echo?: boolean | null;
  suffix?: string | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  best_of?: number | null;
  logit_bias?: Record<string, number> | null;
  user?: string;
  [extra: string]: unknown;
}

export interface TextCompletionChoice {
  index: number;
  text: string;
  finish_reason: 'stop' | 'length' | 'content_filter' | null;
  logprobs: unknown | null;
}

/** The OpenAI `text_completion` object (also each streamed chunk). */
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: TextCompletionChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
}
