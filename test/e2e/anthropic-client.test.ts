import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const KEY = 'sk-anthropic-e2e';
const anthropicText = readChunkLines('anthropic/text.chunks.txt');
const openaiText = readChunkLines('openai/chat-text.chunks.txt');
const openaiTool = readChunkLines('openai-compatible/deepseek-chat-tool-call.chunks.txt');

describe('the proxy, driven by the official @anthropic-ai/sdk client', () => {
  let anthropicUpstream: MockUpstream;
  let openaiUpstream: MockUpstream;
  let proxy: RunningProxy;
  let client: Anthropic;

  before(async () => {
    anthropicUpstream = await startMockUpstream((request, response) => {
      if (request.url === '/v1/messages/count_tokens') return replyJson(response, 200, { input_tokens: 17 });
      const body = request.json<{ stream?: boolean }>();
      if (body.stream)
        return replySse(response, toSseFrames(anthropicText, 'anthropic'), {
          seed: 3,
          headers: { 'anthropic-ratelimit-requests-remaining': '7' },
        });
      return replyJson(response, 200, readJsonFixture('anthropic/text.json'));
    });
    openaiUpstream = await startMockUpstream((request, response) => {
      const body = request.json<{ stream?: boolean; tools?: unknown }>();
      if (body.stream)
        return replySse(response, toSseFrames(body.tools ? openaiTool : openaiText, 'openai'), { seed: 4 });
      return replyJson(
        response,
        200,
        readJsonFixture(body.tools ? 'openai-compatible/deepseek-chat-tool-call.json' : 'openai/chat-text.json'),
      );
    });
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'claude',
          litellm_params: {
            model: 'anthropic/claude-sonnet-4-5',
            api_base: anthropicUpstream.url,
            api_key: 'sk-ant-upstream',
          },
          model_info: {},
        },
        {
          model_name: 'gpt',
          litellm_params: { model: 'openai/gpt-4.1-nano', api_base: openaiUpstream.url, api_key: 'sk-openai-upstream' },
          model_info: {},
        },
      ],
      general_settings: { master_key: KEY },
    });
    client = new Anthropic({ baseURL: proxy.url, apiKey: KEY, maxRetries: 0 });
  });
  after(async () => {
    await proxy.stop();
    await anthropicUpstream.close();
    await openaiUpstream.close();
  });

  test('Anthropic models are proxied natively: the body passes through with the deployment model and key', async () => {
    // Not an object literal in the call: the SDK's types in this version lack `top_k`, and a field
    // the SDK does not know must still reach the upstream.
    const params = { model: 'claude', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hi' }], top_k: 5 };
    const message = await client.messages.create(params);
    const fixture = readJsonFixture<{ content: { text: string }[] }>('anthropic/text.json');
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', fixture.content[0]?.text);
    const sent = anthropicUpstream.requests.at(-1);
    assert.equal(sent?.url, '/v1/messages');
    assert.equal(sent?.headers['x-api-key'], 'sk-ant-upstream');
    // The client's own anthropic-version travels through unchanged.
    assert.match(sent?.headers['anthropic-version'] ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(sent?.json(), {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
      top_k: 5,
    });
  });

  test('native streaming passes every event through', async () => {
    const stream = client.messages.stream({
      model: 'claude',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const final = await stream.finalMessage();
    const expected = anthropicText
      .map((line) => JSON.parse(line))
      .filter((event) => event.delta?.type === 'text_delta')
      .map((event) => event.delta.text)
      .join('');
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', expected);
    assert.equal(final.stop_reason, 'end_turn');
  });

  test('other providers are translated both ways: text', async () => {
    const message = await client.messages.create({
      model: 'gpt',
      max_tokens: 100,
      system: 'Be brief',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const sent = openaiUpstream.requests.at(-1)?.json<{ messages: unknown[]; max_tokens: number; model: string }>();
    assert.deepEqual(sent?.messages, [
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Hi' },
    ]);
    assert.equal(sent?.max_tokens, 100);
    assert.equal(sent?.model, 'gpt-4.1-nano');
    const fixture = readJsonFixture<{ choices: { message: { content: string } }[] }>('openai/chat-text.json');
    assert.equal(message.type, 'message');
    assert.equal(
      message.content[0]?.type === 'text' ? message.content[0].text : '',
      fixture.choices[0]?.message.content,
    );
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0);
  });

  test('other providers are translated both ways: streamed tool use', async () => {
    const stream = client.messages.stream({
      model: 'gpt',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Weather in SF?' }],
      tools: [
        {
          name: 'weather',
          description: 'Get weather',
          input_schema: { type: 'object', properties: { location: { type: 'string' } } },
        },
      ],
    });
    const final = await stream.finalMessage();
    const toolUse = final.content.find((block) => block.type === 'tool_use');
    assert.ok(toolUse && toolUse.type === 'tool_use');
    assert.equal(toolUse.name, 'weather');
    const expectedArguments = openaiTool
      .flatMap((line) => JSON.parse(line).choices?.[0]?.delta?.tool_calls ?? [])
      .map((call: { function?: { arguments?: string } }) => call.function?.arguments ?? '')
      .join('');
    assert.deepEqual(toolUse.input, JSON.parse(expectedArguments));
    assert.equal(final.stop_reason, 'tool_use');
    const sent = openaiUpstream.requests.at(-1)?.json<{ tools: { function: { name: string } }[] }>();
    assert.equal(sent?.tools[0]?.function.name, 'weather');
  });

  test('a tool_result turn becomes an OpenAI tool message', async () => {
    await client.messages.create({
      model: 'gpt',
      max_tokens: 50,
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { location: 'SF' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny' }] },
      ],
    });
    const sent = openaiUpstream.requests.at(-1)?.json<{ messages: Record<string, unknown>[] }>();
    assert.deepEqual(sent?.messages[1], {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"location":"SF"}' } }],
    });
    assert.deepEqual(sent?.messages[2], { role: 'tool', tool_call_id: 'toolu_1', content: 'Sunny' });
  });

  test('count_tokens: native for Claude, counted locally for others', async () => {
    const native = await client.messages.countTokens({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(native.input_tokens, 17);
    const local = await client.messages.countTokens({
      model: 'gpt',
      messages: [{ role: 'user', content: 'Hello world' }],
    });
    assert.ok(local.input_tokens > 0 && local.input_tokens < 20);
  });

  test('errors come back in Anthropic format, so the client raises its own classes', async () => {
    await assert.rejects(
      client.messages.create({ model: 'unknown', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError,
    );
    const stranger = new Anthropic({ baseURL: proxy.url, apiKey: 'wrong', maxRetries: 0 });
    await assert.rejects(
      stranger.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
      (error: unknown) => error instanceof Anthropic.AuthenticationError,
    );
  });
});
