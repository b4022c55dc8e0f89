import assert from 'node:assert/strict';
import * as errors from '../src/errors/index.js';
import { ERROR_TABLE, type ErrorName, LLMuxError } from '../src/errors/index.js';
import type { CompletionStream } from '../src/sdk/completion-stream.js';
import type { ChatCompletionChunk } from '../src/spec/openai-chat.js';
import { CONFORMANCE_SCRIPT } from './provider-conformance-wire.js';

// The provider conformance suite's checks that need no provider: stream summaries, the error
// catalog lookup, where to hold a stream.

/** What a stream said, independent of how its bytes were cut (generated tool-call ids left out). */
export function streamSummary(chunks: ChatCompletionChunk[], stream: CompletionStream) {
  const toolCalls: { name: string; arguments: string }[] = [];
  for (const chunk of chunks) {
    for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
      toolCalls[call.index] ??= { name: '', arguments: '' };
      const slot = toolCalls[call.index] as { name: string; arguments: string };
      slot.name += call.function?.name ?? '';
      slot.arguments += call.function?.arguments ?? '';
    }
  }
  return {
    content: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''),
    toolCalls,
    finishReasons: chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean),
    lastUsage: usageNumbers(chunks.at(-1)?.usage),
    streamUsage: usageNumbers(stream.usage),
    objects: [...new Set(chunks.map((chunk) => chunk.object))],
  };
}

export function usageNumbers(
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined | null,
) {
  return usage
    ? { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens }
    : usage;
}

/** The catalog class for an upstream status, read from `ERROR_TABLE`'s `fromUpstream` column. */
export function errorNameForStatus(status: number): ErrorName {
  const found = Object.entries(ERROR_TABLE).find(([, entry]) =>
    (entry.fromUpstream as readonly number[]).includes(status),
  );
  assert.ok(found, `ERROR_TABLE maps upstream status ${status}`);
  return found[0] as ErrorName;
}

export function assertTypedError(error: unknown, options: { id: string; status: number; message: string }): true {
  const name = errorNameForStatus(options.status);
  const ErrorClass = (errors as unknown as Record<string, new (...args: never[]) => LLMuxError>)[name];
  assert.ok(ErrorClass && error instanceof ErrorClass, `expected ${name}, got ${String(error)}`);
  assert.ok(error instanceof LLMuxError);
  assert.equal(error.name, name);
  assert.equal(error.status, options.status);
  assert.equal(error.isRetryable, ERROR_TABLE[name].retryable);
  assert.equal(error.provider, options.id);
  assert.ok(error.message.includes(options.message), `the upstream message is kept: ${error.message}`);
  if (options.status === 429) assert.equal(error.retryAfter, CONFORMANCE_SCRIPT.retryAfterSeconds);
  return true;
}

/** The byte offset just after the stream frame that carries the script's second text piece. */
export function holdPoint(body: string): number {
  const at = body.indexOf(JSON.stringify(CONFORMANCE_SCRIPT.textPieces[1]).slice(1, -1));
  assert.ok(at > 0, 'the stream body carries the text pieces');
  const ends = [body.indexOf('\n\n', at), body.indexOf('\r\n\r\n', at)].filter((index) => index > 0);
  const end = Math.min(...ends);
  return new TextEncoder().encode(body.slice(0, end)).byteLength;
}
