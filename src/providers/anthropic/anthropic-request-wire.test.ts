import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testCallContext } from '../../../test-support/call-context.js';
import { readChunkLines, readJsonFixture, readSpec } from '../../../test-support/fixtures.js';
import {
  collect,
  type RecordedRequest,
  replyJson,
  replySse,
  startSwitchableMock,
} from '../../../test-support/mock-upstream.js';
import { BadRequestError } from '../../errors/index.js';
import type { ChatCompletionRequest } from '../../spec/openai-chat.js';
import type { CallContext } from '../../spec/provider.js';
import {
  createAnthropicBodyValidator,
  expectedFromLines,
  framesWithPings,
  PNG_BASE64,
  reassemble,
} from './__fixtures__/anthropic-test-helpers.js';
import { anthropicProvider } from './index.js';

const assertValidAnthropicBody = createAnthropicBodyValidator(readSpec('anthropic-openapi.json'));

describe('anthropic provider: what is sent upstream', () => {
  let mock: Awaited<ReturnType<typeof startSwitchableMock>>;
  before(async () => {
    mock = await startSwitchableMock((_request, response) =>
      replyJson(response, 500, { type: 'error', error: { type: 'api_error', message: 'no reply set' } }),
    );
  });
  after(() => mock.close());
  const context = (overrides: Partial<CallContext> = {}) =>
    testCallContext({ apiBase: mock.url, modelId: 'claude-sonnet-4-5', ...overrides });
  const hello: ChatCompletionRequest = {
    model: 'claude-sonnet-4-5',
    messages: [{ role: 'user', content: 'Hello, how are you?' }],
  };

  test('a whole conversation is translated rule by rule and is a valid CreateMessageParams', async () => {
    mock.reply = (_request, response) => replyJson(response, 200, readJsonFixture('anthropic/text.json'));
    const request: ChatCompletionRequest = {
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        {
          role: 'developer',
          content: [{ type: 'text', text: 'Use metric units.', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'user', content: 'Weather in Paris and the time?' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Also this picture:' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          thinking_blocks: [{ type: 'thinking', thinking: 'Need both tools.', signature: 'sig-1' }],
          tool_calls: [
            { id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_02', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01', content: '18°C, sunny' },
        { role: 'tool', tool_call_id: 'toolu_02', content: [{ type: 'text', text: '12:00' }] },
        { role: 'user', content: 'Thanks! Summarize.' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          cache_control: { type: 'ephemeral' },
        },
        { type: 'function', function: { name: 'get_time' } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      stop: 'END',
      temperature: 0.3,
      top_p: 0.9,
      top_k: 5,
      user: 'user-123',
      max_completion_tokens: 300,
    };
    const warnings: CallContext['warnings'] = [];
    await anthropicProvider.doGenerate(request, context({ warnings }));
    const sent = (mock.requests.at(-1) as RecordedRequest).json();
    assert.deepEqual(sent, {
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Use metric units.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Paris and the time?' },
            { type: 'text', text: 'Also this picture:' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need both tools.', signature: 'sig-1' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: '18°C, sunny' },
            { type: 'tool_result', tool_use_id: 'toolu_02', content: [{ type: 'text', text: '12:00' }] },
            { type: 'text', text: 'Thanks! Summarize.' },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          cache_control: { type: 'ephemeral' },
        },
        { name: 'get_time', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.3,
      top_p: 0.9,
      top_k: 5,
      metadata: { user_id: 'user-123' },
    });
    assertValidAnthropicBody(sent);
    assert.deepEqual(warnings, []);
  });

  test('a conversation starting with the assistant gets a "." user turn first, and a warning', async () => {
    mock.reply = (_request, response) => replyJson(response, 200, readJsonFixture('anthropic/text.json'));
    const warnings: CallContext['warnings'] = [];
    await anthropicProvider.doGenerate(
      {
        model: 'm',
        messages: [
          { role: 'assistant', content: 'Hi, I am Claude.' },
          { role: 'user', content: 'Hi' },
        ],
      },
      context({ warnings }),
    );
    const sent = (mock.requests.at(-1) as RecordedRequest).json<{ messages: unknown[]; max_tokens: number }>();
    assert.deepEqual(sent.messages, [
      { role: 'user', content: [{ type: 'text', text: '.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hi, I am Claude.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    assert.equal(sent.max_tokens, 4096, 'Anthropic needs max_tokens; 4096 is the default');
    assert.equal(warnings.length, 1);
    assertValidAnthropicBody(sent);
  });

  test('response_format streams the json_tool_call input as content, with finish_reason stop', async () => {
    const lines = readChunkLines('anthropic/tool-use-input-json-delta.chunks.txt').map((line) =>
      line.replace('"name":"json"', '"name":"json_tool_call"'),
    );
    const expected = expectedFromLines(lines);
    mock.reply = (_request, response) => replySse(response, framesWithPings(lines), { seed: 3 });
    const schema = { type: 'object', properties: { elements: { type: 'array' } } };
    const request: ChatCompletionRequest = {
      ...hello,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema } },
    };
    const chunks = await collect((await anthropicProvider.doStream(request, context())).data);
    const sent = (mock.requests.at(-1) as RecordedRequest).json<Record<string, unknown>>();
    assert.deepEqual(sent.tools, [{ name: 'json_tool_call', input_schema: schema }]);
    assert.deepEqual(sent.tool_choice, { type: 'tool', name: 'json_tool_call' });
    assertValidAnthropicBody(sent);
    const rebuilt = reassemble(chunks);
    assert.deepEqual(JSON.parse(rebuilt.content), expected.toolCalls[0]?.input);
    assert.equal(rebuilt.toolCalls.length, 0);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  });

  test('response_format (non-streaming) returns the json_tool_call input as the message content', async () => {
    const recorded = readJsonFixture<{ content: { name?: string; input?: unknown }[] }>('anthropic/tool-use.json');
    const renamed = { ...recorded, content: recorded.content.map((block) => ({ ...block, name: 'json_tool_call' })) };
    mock.reply = (_request, response) => replyJson(response, 200, renamed);
    const result = await anthropicProvider.doGenerate(
      { ...hello, response_format: { type: 'json_object' } },
      context(),
    );
    const sent = (mock.requests.at(-1) as RecordedRequest).json<Record<string, unknown>>();
    assert.deepEqual(sent.tools, [
      { name: 'json_tool_call', input_schema: { type: 'object', properties: {}, additionalProperties: true } },
    ]);
    const message = result.data.choices[0]?.message;
    assert.deepEqual(JSON.parse(message?.content ?? 'null'), recorded.content[0]?.input);
    assert.equal(message?.tool_calls, undefined);
    assert.equal(result.data.choices[0]?.finish_reason, 'stop');
  });

  test('a caller anthropic-beta header is merged with the betas the body needs', async () => {
    mock.reply = (_request, response) => replyJson(response, 200, readJsonFixture('anthropic/text.json'));
    const request: ChatCompletionRequest = {
      ...hello,
      tools: [{ type: 'computer_20250124', name: 'computer', display_width_px: 1024, display_height_px: 768 } as never],
    };
    await anthropicProvider.doGenerate(
      request,
      context({ headers: { 'Anthropic-Beta': 'context-1m-2025-08-07', 'x-extra': '1' } }),
    );
    const sent = mock.requests.at(-1) as RecordedRequest;
    assert.equal(sent.headers['anthropic-beta'], 'context-1m-2025-08-07,computer-use-2025-01-24');
    assertValidAnthropicBody(sent.json(), { beta: true });
    assert.equal(sent.headers['x-extra'], '1');
    await anthropicProvider.doGenerate(hello, context({ headers: { 'anthropic-beta': 'output-128k-2025-02-19' } }));
    assert.equal((mock.requests.at(-1) as RecordedRequest).headers['anthropic-beta'], 'output-128k-2025-02-19');
  });

  test('an api_base that already ends in /v1 is not doubled', async () => {
    mock.reply = (_request, response) => replyJson(response, 200, readJsonFixture('anthropic/text.json'));
    await anthropicProvider.doGenerate(hello, context({ apiBase: `${mock.url}/v1` }));
    assert.equal(mock.requests.at(-1)?.url, '/v1/messages');
  });

  test('invalid JSON in a tool call is a BadRequestError before anything is sent', async () => {
    const count = mock.requests.length;
    const request: ChatCompletionRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'x' },
      ],
    };
    await assert.rejects(anthropicProvider.doGenerate(request, context()), BadRequestError);
    assert.equal(mock.requests.length, count);
  });

  test('LiteLLM metadata.user_id wins over user, and an email address is never sent', async () => {
    mock.reply = (_request, response) => replyJson(response, 200, readJsonFixture('anthropic/text.json'));
    await anthropicProvider.doGenerate(
      { ...hello, user: 'u-1' },
      context({ params: { metadata: { user_id: 'team-7' } } }),
    );
    assert.deepEqual(mock.requests.at(-1)?.json<Record<string, unknown>>().metadata, { user_id: 'team-7' });
    const warnings: CallContext['warnings'] = [];
    await anthropicProvider.doGenerate({ ...hello, user: 'someone@example.com' }, context({ warnings }));
    assert.equal(mock.requests.at(-1)?.json<Record<string, unknown>>().metadata, undefined);
    assert.equal(warnings[0]?.param, 'user');
  });
});
