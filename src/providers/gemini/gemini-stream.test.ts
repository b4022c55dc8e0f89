import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readChunkLines, readTextFile } from '../../../test-support/fixtures.js';
import type { ChatCompletionChunk } from '../../spec/openai-chat.js';
import { applyGeminiPartialArgs, parseJsonPath } from './gemini-partial-args.js';
import {
  createGeminiStreamState,
  type GeminiStreamEvent,
  type GeminiStreamState,
  reduceGeminiStream,
} from './gemini-stream.js';
import { thoughtSignatureFromToolCallId } from './gemini-tool-call-id.js';
import type { GeminiGenerateContentResponse } from './wire.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Runs the reducer over responses then `end`, freezing every state and event to prove it mutates neither. */
function run(responses: GeminiGenerateContentResponse[], modelId = 'gemini-2.5-flash'): ChatCompletionChunk[] {
  let state: GeminiStreamState = deepFreeze(createGeminiStreamState(modelId, 1_700_000_000));
  const chunks: ChatCompletionChunk[] = [];
  const events: GeminiStreamEvent[] = [
    ...responses.map((response) => ({ type: 'response' as const, response })),
    { type: 'end' },
  ];
  for (const event of events) {
    const before = JSON.stringify(state);
    const result = reduceGeminiStream(state, deepFreeze(event));
    assert.equal(JSON.stringify(state), before, 'the previous state is unchanged');
    state = deepFreeze(result.state);
    chunks.push(...result.chunks);
  }
  return chunks;
}

function localLines(name: string): GeminiGenerateContentResponse[] {
  const text = readTextFile(new URL(`./__fixtures__/${name}`, import.meta.url));
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function toolCallsOf(chunks: ChatCompletionChunk[], choice = 0) {
  return chunks.flatMap((chunk) =>
    chunk.choices.filter((entry) => entry.index === choice).flatMap((entry) => entry.delta.tool_calls ?? []),
  );
}

describe('reduceGeminiStream', () => {
  test('text: role first, text deltas, finish on the last candidate event, then one usage chunk', () => {
    const lines = readChunkLines('google/text.chunks.txt').map((line) => JSON.parse(line));
    const chunks = run(lines);
    assert.deepEqual(
      chunks.map((chunk) =>
        chunk.choices.map((choice) => [choice.delta.role, choice.delta.content, choice.finish_reason]),
      ),
      [
        [['assistant', 'There are **3**', null]],
        [[undefined, ' "r"s in strawberry.\n\nst**r**awbe**rr**y', null]],
        [[undefined, undefined, 'stop']],
        [],
      ],
    );
    assert.ok(
      chunks.every(
        (chunk) =>
          chunk.id === 'bH6LaZW8Fp_3nsEPqtaSwQ4' &&
          chunk.model === 'gemini-3-pro-preview' &&
          chunk.created === 1_700_000_000,
      ),
    );
    assert.deepEqual(chunks.at(-1)?.usage, {
      prompt_tokens: 9,
      completion_tokens: 23 + 185,
      total_tokens: 217,
      completion_tokens_details: { reasoning_tokens: 185 },
    });
    assert.ok(
      chunks.slice(0, -1).every((chunk) => chunk.usage === undefined),
      'usage only on the last chunk',
    );
  });

  test('two candidates: separate choices, thoughts as reasoning_content, each finishes on its own', () => {
    const chunks = run(localLines('two-candidates.chunks.txt'));
    const text = (index: number, field: 'content' | 'reasoning_content') =>
      chunks
        .flatMap((chunk) =>
          chunk.choices.filter((choice) => choice.index === index).map((choice) => choice.delta[field] ?? ''),
        )
        .join('');
    assert.equal(text(0, 'reasoning_content'), 'Counting the letters.');
    assert.equal(text(0, 'content'), 'There are 3.');
    assert.equal(text(1, 'content'), "Three r's.");
    assert.equal(text(1, 'reasoning_content'), '');
    const finishes = chunks.flatMap((chunk) =>
      chunk.choices.filter((choice) => choice.finish_reason).map((choice) => [choice.index, choice.finish_reason]),
    );
    assert.deepEqual(finishes, [
      [1, 'stop'],
      [0, 'length'],
    ]);
    const roles = chunks.flatMap((chunk) =>
      chunk.choices.filter((choice) => choice.delta.role).map((choice) => choice.index),
    );
    assert.deepEqual(roles, [0, 1]);
    assert.deepEqual(chunks.at(-1)?.usage, {
      prompt_tokens: 9,
      completion_tokens: 49,
      total_tokens: 58,
      completion_tokens_details: { reasoning_tokens: 40 },
    });
  });

  test('streamed partialArgs (recorded): each call is one complete tool-call delta with valid arguments', () => {
    const lines = readChunkLines('google/function-call-streamed-arguments.chunks.txt').map((line) => JSON.parse(line));
    const chunks = run(lines);
    const calls = toolCallsOf(chunks);
    assert.deepEqual(
      calls.map((call) => [call.index, call.function?.name, JSON.parse(call.function?.arguments ?? '')]),
      [
        [0, 'getWeather', { location: 'Boston' }],
        [1, 'getWeather', { location: 'San Francisco' }],
      ],
    );
    const signature = lines[0]?.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature;
    assert.equal(thoughtSignatureFromToolCallId(calls[0]?.id), signature);
    assert.equal(thoughtSignatureFromToolCallId(calls[1]?.id), undefined);
    assert.equal(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason, 'tool_calls');
  });

  test('streamed partialArgs of every value type, nested paths, and a stream that ends without finishReason', () => {
    const call = (functionCall: object): GeminiGenerateContentResponse => ({
      candidates: [{ content: { parts: [{ functionCall }] } }],
    });
    const chunks = run([
      call({ name: 'setLights', willContinue: true }),
      call({ partialArgs: [{ jsonPath: '$.room.name', stringValue: 'kit', willContinue: true }], willContinue: true }),
      call({ partialArgs: [{ jsonPath: '$.room.name', stringValue: 'chen' }], willContinue: true }),
      call({
        partialArgs: [
          { jsonPath: '$.levels[0]', numberValue: 50 },
          { jsonPath: '$.levels[1]', numberValue: 0.5 },
        ],
        willContinue: true,
      }),
      call({
        partialArgs: [
          { jsonPath: '$.on', boolValue: true },
          { jsonPath: '$.scene', nullValue: null },
        ],
        willContinue: true,
      }),
      call({ partialArgs: [{ jsonPath: '$.__proto__.polluted', stringValue: 'x' }], willContinue: true }),
    ]);
    const calls = toolCallsOf(chunks);
    assert.equal(calls.length, 1);
    assert.deepEqual(JSON.parse(calls[0]?.function?.arguments ?? ''), {
      room: { name: 'kitchen' },
      levels: [50, 0.5],
      on: true,
      scene: null,
    });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(
      chunks.at(-1)?.choices[0]?.finish_reason,
      'tool_calls',
      'the end event closes and finishes the open call',
    );
    const seeded = toolCallsOf(
      run([
        call({ name: 'f', args: { unit: 'C' }, willContinue: true }),
        call({ partialArgs: [{ jsonPath: '$.city', stringValue: 'Oslo' }] }),
      ]),
    );
    assert.deepEqual(JSON.parse(seeded[0]?.function?.arguments ?? ''), { unit: 'C', city: 'Oslo' });
  });

  test('whole calls get increasing indexes across events; a blocked prompt finishes with content_filter', () => {
    const whole = (name: string, finishReason?: string): GeminiGenerateContentResponse => ({
      candidates: [
        {
          content: { parts: [{ functionCall: { name, args: { n: name } } }] },
          ...(finishReason ? { finishReason } : {}),
        },
      ],
    });
    const calls = toolCallsOf(run([whole('a'), whole('b'), whole('c', 'STOP')]));
    assert.deepEqual(
      calls.map((call) => [call.index, call.function?.name, call.type]),
      [
        [0, 'a', 'function'],
        [1, 'b', 'function'],
        [2, 'c', 'function'],
      ],
    );
    assert.ok(calls.every((call) => /^call_[0-9a-f]{28}$/.test(call.id ?? '')));
    const blocked = run([JSON.parse(readTextFile(new URL('./__fixtures__/prompt-blocked.json', import.meta.url)))]);
    assert.deepEqual(blocked[0]?.choices, [
      { index: 0, delta: { role: 'assistant' }, finish_reason: 'content_filter' },
    ]);
    assert.equal(blocked.at(-1)?.usage?.prompt_tokens, 12);
  });

  test('logprobs ride on the chunk of their candidate', () => {
    const chunks = run([
      {
        candidates: [
          {
            content: { parts: [{ text: 'Hi' }] },
            logprobsResult: {
              chosenCandidates: [{ token: 'Hi', logProbability: -0.1 }],
              topCandidates: [
                {
                  candidates: [
                    { token: 'Hi', logProbability: -0.1 },
                    { token: 'Hey', logProbability: -2.5 },
                  ],
                },
              ],
            },
          },
        ],
      },
    ]);
    assert.deepEqual(chunks[0]?.choices[0]?.logprobs, {
      content: [
        {
          token: 'Hi',
          logprob: -0.1,
          bytes: null,
          top_logprobs: [
            { token: 'Hi', logprob: -0.1, bytes: null },
            { token: 'Hey', logprob: -2.5, bytes: null },
          ],
        },
      ],
    });
  });
});

describe('applyGeminiPartialArgs', () => {
  test('paths parse, strings continue, the input object is left alone', () => {
    assert.deepEqual(parseJsonPath('$.a.b[2].c'), ['a', 'b', 2, 'c']);
    assert.deepEqual(parseJsonPath("$['odd key'][0]"), ['odd key', 0]);
    assert.deepEqual(parseJsonPath('not-a-path'), []);
    const before = Object.freeze({ location: 'Bos' });
    assert.deepEqual(applyGeminiPartialArgs(before, [{ jsonPath: '$.location', stringValue: 'ton' }]), {
      location: 'Boston',
    });
    assert.deepEqual(before, { location: 'Bos' });
  });
});
