import assert from 'node:assert/strict';
import { readChunkLines, toSseFrames } from './fixtures.js';
import type { CannedReply, SentRequest } from './provider-conformance-transport.js';

/**
 * What every conformance case asks the upstream to say, in whichever wire format: a text with
 * multi-byte characters (so byte splits cut them), one tool call whose arguments arrive in pieces,
 * and token counts whose total is not recomputed from the others by accident (it is reported).
 */
export const CONFORMANCE_SCRIPT = {
  prompt: 'What is the weather in Paris?',
  textPieces: ['Héllo, ', 'it is 21 °C', ' in Paris ☀️', ' — 東京 is', ' cloudy.'],
  toolCall: {
    id: 'call_conformance_1',
    name: 'get_weather',
    argumentPieces: ['{"location"', ': "Paris", ', '"unit": "celsius', '"}'],
  },
  usage: { prompt: 31, completion: 17, total: 48 },
  /** Seconds every 429 asks the caller to wait, said the provider's way. */
  retryAfterSeconds: 7,
} as const;

export type ConformanceScript = typeof CONFORMANCE_SCRIPT;

/** The whole answer text and tool arguments of the script. */
export const SCRIPT_TEXT = CONFORMANCE_SCRIPT.textPieces.join('');
export const SCRIPT_ARGUMENTS = CONFORMANCE_SCRIPT.toolCall.argumentPieces.join('');

/** What a request to the upstream must look like for one call. */
export interface RequestExpectation {
  /** The URL the request must go to. */
  url: string;
  /** The model id the body (or the URL, for Gemini) must carry. */
  bodyModel: string;
  stream: boolean;
  tools: boolean;
  /** OpenAI format: whether `stream_options.include_usage` is sent on streams. */
  streamUsage: boolean;
  apiKey: string;
}

/**
 * One provider wire format, as the conformance suite needs it: canned answers in the provider's own
 * shape, its stream body, its error envelope, and how to check the request llmux sent.
 */
export interface ProviderWireFixture {
  name: string;
  /** The URL of a chat call for this base and model (entries may override it). */
  url(options: { apiBase: string; modelId: string; stream: boolean }): string;
  textAnswer(script: ConformanceScript): CannedReply;
  toolCallAnswer(script: ConformanceScript): CannedReply;
  /** The streaming body (already framed), for a text answer or a tool call; usage comes at the end. */
  streamBody(script: ConformanceScript, kind: 'text' | 'tool'): string;
  /** An error answer in the provider's envelope, with the message given; a 429 says `retryAfterSeconds` its way. */
  errorAnswer(status: number, message: string, script: ConformanceScript): CannedReply;
  /** Whether the tool call's id reaches the caller unchanged (Gemini sends none; llmux makes one). */
  keepsToolCallId: boolean;
  /** A recorded text stream of this format (`test/fixtures`), framed, and the text it carries. */
  recordedStream(): { body: string; text: string };
  assertRequest(request: SentRequest, expected: RequestExpectation): void;
}

const TOOL = CONFORMANCE_SCRIPT.toolCall;

function sse(payloads: unknown[], options: { done?: boolean; eventNames?: boolean; crlf?: boolean } = {}): string {
  const end = options.crlf ? '\r\n\r\n' : '\n\n';
  const frames = payloads.map((payload) => {
    const data = `data: ${JSON.stringify(payload)}${end}`;
    return options.eventNames ? `event: ${(payload as { type: string }).type}\n${data}` : data;
  });
  if (options.done) frames.push(`data: [DONE]${end}`);
  return frames.join('');
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): CannedReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function eventStream(body: string): CannedReply {
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body };
}

export { eventStream as eventStreamReply };

function assertPost(request: SentRequest, expected: RequestExpectation): void {
  assert.equal(request.method, 'POST');
  assert.equal(request.url, expected.url);
  assert.match(request.headers['content-type'] ?? '', /application\/json/);
  assert.ok(JSON.stringify(request.body).includes(CONFORMANCE_SCRIPT.prompt), 'the prompt is sent');
}

// ---- OpenAI's chat format (OpenAI, Azure and every OpenAI-compatible row) ----

const OPENAI_ERROR_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', null],
  503: ['server_error', null],
};

function openaiChunk(delta: Record<string, unknown>, finish: string | null): Record<string, unknown> {
  return {
    id: 'chatcmpl-conformance',
    object: 'chat.completion.chunk',
    created: 1770933892,
    model: 'upstream-model',
    system_fingerprint: 'fp_conformance',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  };
}

function openaiUsage(script: ConformanceScript) {
  return {
    prompt_tokens: script.usage.prompt,
    completion_tokens: script.usage.completion,
    total_tokens: script.usage.total,
  };
}

function openaiAnswer(script: ConformanceScript, message: Record<string, unknown>, finish: string): CannedReply {
  return json(200, {
    id: 'chatcmpl-conformance',
    object: 'chat.completion',
    created: 1770933883,
    model: 'upstream-model',
    choices: [
      { index: 0, message: { role: 'assistant', refusal: null, ...message }, logprobs: null, finish_reason: finish },
    ],
    usage: openaiUsage(script),
    system_fingerprint: 'fp_conformance',
  });
}

/** A recorded OpenAI-format stream: its SSE body and the content of its deltas. */
function recordedOpenAIStream(fixture: string): { body: string; text: string } {
  const lines = readChunkLines(fixture);
  const text = lines
    .map((line) => (JSON.parse(line) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content)
    .join('');
  return { body: toSseFrames(lines, 'openai').join(''), text };
}

function openaiWire(options: {
  name: string;
  recording: string;
  url: ProviderWireFixture['url'];
  assertAuth: (request: SentRequest, apiKey: string) => void;
}): ProviderWireFixture {
  return {
    name: options.name,
    url: options.url,
    keepsToolCallId: true,
    recordedStream: () => recordedOpenAIStream(options.recording),
    textAnswer: (script) => openaiAnswer(script, { content: script.textPieces.join('') }, 'stop'),
    toolCallAnswer: (script) =>
      openaiAnswer(
        script,
        {
          content: null,
          tool_calls: [
            {
              id: script.toolCall.id,
              type: 'function',
              function: { name: script.toolCall.name, arguments: script.toolCall.argumentPieces.join('') },
            },
          ],
        },
        'tool_calls',
      ),
    streamBody: (script, kind) => {
      const chunks = [openaiChunk({ role: 'assistant', content: '' }, null)];
      if (kind === 'text') {
        for (const piece of script.textPieces) chunks.push(openaiChunk({ content: piece }, null));
      } else {
        const { id, name, argumentPieces } = script.toolCall;
        chunks.push(
          openaiChunk(
            { tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }], content: null },
            null,
          ),
        );
        for (const piece of argumentPieces) {
          chunks.push(openaiChunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
        }
      }
      chunks.push(openaiChunk({}, kind === 'text' ? 'stop' : 'tool_calls'));
      chunks.push({ ...openaiChunk({}, null), choices: [], usage: openaiUsage(script) });
      return sse(chunks, { done: true });
    },
    errorAnswer: (status, message, script) => {
      const [type, code] = OPENAI_ERROR_TYPES[status] ?? ['server_error', null];
      const headers: Record<string, string> = status === 429 ? { 'retry-after': String(script.retryAfterSeconds) } : {};
      return json(status, { error: { message, type, param: null, code } }, headers);
    },
    assertRequest: (request, expected) => {
      assertPost(request, expected);
      options.assertAuth(request, expected.apiKey);
      const body = request.body as {
        model?: string;
        messages?: { role: string }[];
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
        tools?: { type: string; function: { name: string } }[];
      };
      assert.equal(body.model, expected.bodyModel);
      assert.equal(body.messages?.[0]?.role, 'user');
      if (expected.stream) {
        assert.equal(body.stream, true);
        assert.equal(body.stream_options?.include_usage, expected.streamUsage ? true : undefined);
      } else {
        assert.equal(body.stream, undefined);
      }
      if (expected.tools) assert.equal(body.tools?.[0]?.function.name, TOOL.name);
    },
  };
}

/** OpenAI itself and every OpenAI-compatible row: `{base}/chat/completions`, `Authorization: Bearer`. */
export const openaiWireFixture: ProviderWireFixture = openaiWire({
  name: 'openai',
  recording: 'openai/chat-text.chunks.txt',
  url: ({ apiBase }) => `${apiBase}/chat/completions`,
  assertAuth: (request, apiKey) => assert.equal(request.headers.authorization, `Bearer ${apiKey}`),
});

/** The api-version the azure entry passes (`api_version`), so the URL does not depend on the environment. */
export const AZURE_CONFORMANCE_API_VERSION = '2024-08-01-preview';

/** Azure OpenAI: OpenAI's bodies, deployment path with `api-version`, the key in `api-key`. */
export const azureWireFixture: ProviderWireFixture = openaiWire({
  name: 'azure',
  // Azure's model-router stream, opening with its prompt-filter chunk.
  recording: 'azure/chat-model-router-content-filter.chunks.txt',
  url: ({ apiBase, modelId }) =>
    `${apiBase}/openai/deployments/${modelId}/chat/completions?api-version=${AZURE_CONFORMANCE_API_VERSION}`,
  assertAuth: (request, apiKey) => {
    assert.equal(request.headers['api-key'], apiKey);
    assert.equal(request.headers.authorization, undefined);
  },
});

export { json as jsonReply, sse as sseBody };
