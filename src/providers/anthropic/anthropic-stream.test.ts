import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readChunkLines } from '../../../test-support/fixtures.js';
import type { ChatCompletionChunk } from '../../spec/openai-chat.js';
import {
  type AnthropicStreamState,
  createAnthropicStreamState,
  reduceAnthropicStreamEvent,
} from './anthropic-stream.js';
import type { AnthropicStreamEvent } from './wire.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Runs events through the reducer with every input frozen: a reducer that mutates its input throws. */
function run(
  events: AnthropicStreamEvent[],
  jsonMode = false,
): { chunks: ChatCompletionChunk[]; state: AnthropicStreamState } {
  let state = deepFreeze(createAnthropicStreamState({ model: 'claude-test', created: 1_700_000_000, jsonMode }));
  const chunks: ChatCompletionChunk[] = [];
  for (const event of events) {
    const step = reduceAnthropicStreamEvent(state, deepFreeze(structuredClone(event)));
    assert.equal(step.error, undefined);
    chunks.push(...step.chunks);
    state = deepFreeze(step.state);
  }
  return { chunks, state };
}

const start: AnthropicStreamEvent = {
  type: 'message_start',
  message: { id: 'msg_1', model: 'claude-test-1', usage: { input_tokens: 10, output_tokens: 1 } },
};

describe('reduceAnthropicStreamEvent', () => {
  test('is pure: replaying every recorded fixture with frozen state and events works, twice with the same result', () => {
    for (const fixture of [
      'anthropic/text.chunks.txt',
      'anthropic/thinking-signature-text.chunks.txt',
      'anthropic/tool-use-input-json-delta-2.chunks.txt',
      'anthropic/text-then-tool-use-no-args.chunks.txt',
    ]) {
      const events = readChunkLines(fixture).map((line) => JSON.parse(line) as AnthropicStreamEvent);
      assert.deepEqual(run(events).chunks, run(events).chunks, fixture);
    }
  });

  test('tool calls are numbered by tool_use block, and argument deltas go to the right call', () => {
    const { chunks } = run([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_a', name: 'a', input: {} },
      },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'toolu_b', name: 'b', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"b":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":1}' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '2}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ]);
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(calls, [
      { index: 0, id: 'toolu_a', type: 'function', function: { name: 'a', arguments: '' } },
      { index: 1, id: 'toolu_b', type: 'function', function: { name: 'b', arguments: '' } },
      { index: 1, function: { arguments: '{"b":' } },
      { index: 0, function: { arguments: '{"a":1}' } },
      { index: 1, function: { arguments: '2}' } },
    ]);
    const last = chunks.at(-1);
    assert.equal(last?.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(last?.usage, {
      prompt_tokens: 10,
      completion_tokens: 9,
      total_tokens: 19,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
  });

  test('cache reads and writes count into prompt_tokens', () => {
    const { chunks } = run([
      {
        type: 'message_start',
        message: {
          id: 'm',
          model: 'c',
          usage: { input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 1 },
        },
      },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 7 } },
    ]);
    const usage = chunks.at(-1)?.usage;
    assert.equal(usage?.prompt_tokens, 125);
    assert.equal(usage?.prompt_tokens_details?.cached_tokens, 100);
    assert.equal(usage?.prompt_tokens_details?.cache_creation_tokens, 20);
    assert.equal(usage?.cache_read_input_tokens, 100);
    assert.equal(usage?.cache_creation_input_tokens, 20);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'length');
  });

  test('redacted thinking becomes a thinking_blocks delta; refusal maps to content_filter', () => {
    const { chunks } = run([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'refusal' }, usage: { output_tokens: 2 } },
    ]);
    assert.deepEqual(chunks[1]?.choices[0]?.delta, {
      thinking_blocks: [{ type: 'redacted_thinking', data: 'opaque' }],
    });
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'content_filter');
  });

  test('an error event is returned, not thrown, so the caller decides', () => {
    const state = createAnthropicStreamState({ model: 'm', created: 0 });
    const step = reduceAnthropicStreamEvent(state, {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    assert.deepEqual(step.error, { type: 'overloaded_error', message: 'Overloaded' });
    assert.deepEqual(step.chunks, []);
  });

  test('ping, message_stop and unknown events yield nothing', () => {
    const state = createAnthropicStreamState({ model: 'm', created: 0 });
    for (const event of [{ type: 'ping' }, { type: 'message_stop' }, { type: 'brand_new_event' }]) {
      assert.deepEqual(reduceAnthropicStreamEvent(state, event as AnthropicStreamEvent).chunks, []);
    }
  });

  test('in JSON mode only the json_tool_call block becomes content; other tools stay tool calls', () => {
    const { chunks } = run(
      [
        start,
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'tool_use', id: 't1', name: 'json_tool_call', input: {} },
        },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"ok":' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: 'true}' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } },
      ],
      true,
    );
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), '{"ok":true}');
    assert.ok(
      chunks.every((chunk) => chunk.choices[0]?.delta.tool_calls === undefined),
      'no tool_calls deltas',
    );
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  });
});
