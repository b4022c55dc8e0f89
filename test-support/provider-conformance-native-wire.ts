import assert from 'node:assert/strict';
import { readChunkLines, toSseFrames } from './fixtures.js';
import type { SentRequest } from './provider-conformance-transport.js';
import {
  CONFORMANCE_SCRIPT,
  type ConformanceScript,
  jsonReply,
  type ProviderWireFixture,
  type RequestExpectation,
  sseBody,
} from './provider-conformance-wire.js';

// Shapes follow the recordings in test/fixtures/anthropic and test/fixtures/google.

function assertPost(request: SentRequest, expected: RequestExpectation): void {
  assert.equal(request.method, 'POST');
  assert.equal(request.url, expected.url);
  assert.match(request.headers['content-type'] ?? '', /application\/json/);
  assert.ok(JSON.stringify(request.body).includes(CONFORMANCE_SCRIPT.prompt), 'the prompt is sent');
}

// ---- Anthropic Messages ----

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
};

function anthropicMessage(script: ConformanceScript, content: unknown[], stopReason: string) {
  return {
    model: 'claude-upstream',
    id: 'msg_conformance',
    type: 'message',
    role: 'assistant',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: script.usage.prompt,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: script.usage.completion,
      service_tier: 'standard',
    },
  };
}

/** Anthropic's Messages API: `{base}/v1/messages`, `x-api-key`, named SSE events. */
export const anthropicWireFixture: ProviderWireFixture = {
  name: 'anthropic',
  url: ({ apiBase }) => `${apiBase}/v1/messages`,
  keepsToolCallId: true,
  recordedStream: () => {
    const lines = readChunkLines('anthropic/text.chunks.txt');
    const events = lines.map((line) => JSON.parse(line) as { delta?: { type?: string; text?: string } });
    const text = events.map((event) => (event.delta?.type === 'text_delta' ? event.delta.text : '')).join('');
    return { body: toSseFrames(lines, 'anthropic').join(''), text };
  },
  textAnswer: (script) =>
    jsonReply(200, anthropicMessage(script, [{ type: 'text', text: script.textPieces.join('') }], 'end_turn')),
  toolCallAnswer: (script) => {
    const { id, name, argumentPieces } = script.toolCall;
    const input = JSON.parse(argumentPieces.join('')) as unknown;
    return jsonReply(200, anthropicMessage(script, [{ type: 'tool_use', id, name, input }], 'tool_use'));
  },
  streamBody: (script, kind) => {
    const start = anthropicMessage(script, [], 'end_turn') as Record<string, unknown>;
    const events: Record<string, unknown>[] = [
      {
        type: 'message_start',
        message: { ...start, stop_reason: null, usage: { input_tokens: script.usage.prompt, output_tokens: 1 } },
      },
    ];
    if (kind === 'text') {
      events.push({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      events.push({ type: 'ping' });
      for (const text of script.textPieces) {
        events.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
      }
    } else {
      const { id, name, argumentPieces } = script.toolCall;
      events.push({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id, name, input: {} } });
      events.push({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const partial of argumentPieces) {
        events.push({
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: partial },
        });
      }
    }
    events.push({ type: 'content_block_stop', index: 0 });
    events.push({
      type: 'message_delta',
      delta: { stop_reason: kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null },
      usage: { output_tokens: script.usage.completion },
    });
    events.push({ type: 'message_stop' });
    return sseBody(events, { eventNames: true });
  },
  errorAnswer: (status, message, script) =>
    jsonReply(
      status,
      { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message } },
      status === 429 ? { 'retry-after': String(script.retryAfterSeconds) } : {},
    ),
  assertRequest: (request, expected) => {
    assertPost(request, expected);
    assert.equal(request.headers['x-api-key'], expected.apiKey);
    assert.equal(request.headers.authorization, undefined);
    assert.ok(request.headers['anthropic-version'], 'anthropic-version is sent');
    const body = request.body as {
      model?: string;
      max_tokens?: unknown;
      stream?: boolean;
      messages?: { role: string }[];
      tools?: { name: string; input_schema?: unknown }[];
    };
    assert.equal(body.model, expected.bodyModel);
    assert.equal(typeof body.max_tokens, 'number');
    assert.equal(body.messages?.[0]?.role, 'user');
    assert.equal(body.stream === true, expected.stream);
    if (expected.tools) {
      assert.equal(body.tools?.[0]?.name, CONFORMANCE_SCRIPT.toolCall.name);
      assert.ok(body.tools?.[0]?.input_schema, 'the tool carries its input_schema');
    }
  },
};

// ---- Gemini generateContent ----

interface GeminiChunk {
  candidates?: { content?: { parts?: { text?: string; thought?: boolean }[] } }[];
}

const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

function geminiResponse(script: ConformanceScript, parts: unknown[], options: { finish?: string; completion: number }) {
  const candidate: Record<string, unknown> = { content: { parts, role: 'model' }, index: 0 };
  if (options.finish) candidate.finishReason = options.finish;
  return {
    candidates: [candidate],
    usageMetadata: {
      promptTokenCount: script.usage.prompt,
      candidatesTokenCount: options.completion,
      totalTokenCount: script.usage.prompt + options.completion,
    },
    modelVersion: 'gemini-upstream',
    responseId: 'conformance-response',
  };
}

function geminiFunctionCall(script: ConformanceScript) {
  const { name, argumentPieces } = script.toolCall;
  return { functionCall: { name, args: JSON.parse(argumentPieces.join('')) as unknown } };
}

/** Google AI Studio's Gemini API: `{base}/models/{model}:generateContent`, `x-goog-api-key`, CRLF SSE. */
export const geminiWireFixture: ProviderWireFixture = {
  name: 'gemini',
  url: ({ apiBase, modelId, stream }) =>
    `${apiBase}/models/${modelId}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
  keepsToolCallId: false,
  recordedStream: () => {
    const lines = readChunkLines('google/text.chunks.txt');
    const text = lines
      .flatMap((line) => (JSON.parse(line) as GeminiChunk).candidates?.[0]?.content?.parts ?? [])
      .map((part) => (part.thought ? '' : (part.text ?? '')))
      .join('');
    return { body: toSseFrames(lines, 'gemini').join(''), text };
  },
  textAnswer: (script) =>
    jsonReply(
      200,
      geminiResponse(script, [{ text: script.textPieces.join('') }], {
        finish: 'STOP',
        completion: script.usage.completion,
      }),
    ),
  toolCallAnswer: (script) =>
    jsonReply(
      200,
      geminiResponse(script, [geminiFunctionCall(script)], { finish: 'STOP', completion: script.usage.completion }),
    ),
  streamBody: (script, kind) => {
    // Gemini repeats usageMetadata on every chunk, growing; the last one counts.
    const { completion } = script.usage;
    if (kind === 'tool') {
      return sseBody(
        [
          geminiResponse(script, [geminiFunctionCall(script)], { completion: completion - 1 }),
          geminiResponse(script, [{ text: '' }], { finish: 'STOP', completion }),
        ],
        { crlf: true },
      );
    }
    const pieces = script.textPieces;
    const chunks = pieces.map((text, index) =>
      geminiResponse(script, [{ text }], {
        completion: index === pieces.length - 1 ? completion : index + 1,
        ...(index === pieces.length - 1 ? { finish: 'STOP' } : {}),
      }),
    );
    return sseBody(chunks, { crlf: true });
  },
  errorAnswer: (status, message, script) => {
    const error: Record<string, unknown> = { code: status, message, status: GOOGLE_STATUSES[status] ?? 'UNKNOWN' };
    // Gemini sends no Retry-After header: the delay is a RetryInfo detail of the body.
    if (status === 429) {
      error.details = [
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${script.retryAfterSeconds}s` },
      ];
    }
    return jsonReply(status, { error });
  },
  assertRequest: (request, expected) => {
    assertPost(request, expected);
    assert.equal(request.headers['x-goog-api-key'], expected.apiKey);
    assert.ok(!request.url.includes(expected.apiKey), 'the key is not in the URL');
    const body = request.body as {
      contents?: { role: string; parts: { text?: string }[] }[];
      tools?: { functionDeclarations?: { name: string }[] }[];
    };
    assert.equal(body.contents?.[0]?.role, 'user');
    assert.equal(body.contents?.[0]?.parts[0]?.text, CONFORMANCE_SCRIPT.prompt);
    if (expected.tools) {
      const names = (body.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((tool) => tool.name);
      assert.deepEqual(names, [CONFORMANCE_SCRIPT.toolCall.name]);
    }
  },
};
