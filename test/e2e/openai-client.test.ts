import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { AzureOpenAI } from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const MASTER_KEY = 'sk-master-test';
const chatLines = readChunkLines('openai/chat-text.chunks.txt');
const streamedText = chatLines.map((line) => JSON.parse(line).choices?.[0]?.delta?.content ?? '').join('');

describe('the proxy, driven by the official openai client', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  let client: OpenAI;

  before(async () => {
    upstream = await startMockUpstream(async (request, response) => {
      const body = request.json<Record<string, unknown>>();
      if (request.url.endsWith('/embeddings'))
        return replyJson(response, 200, readJsonFixture('openai/embedding.json'));
      if (body.stream) {
        const lines = body.tools ? readChunkLines('openai-compatible/deepseek-chat-tool-call.chunks.txt') : chatLines;
        return replySse(response, toSseFrames(lines, 'openai'), { delayMs: body.model === 'slow' ? 20 : 0 });
      }
      return replyJson(response, 200, readJsonFixture('openai/chat-text.json'), {
        'x-ratelimit-remaining-requests': '42',
      });
    });
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'gpt-4o',
          litellm_params: { model: 'openai/gpt-4o', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream-secret' },
          model_info: { id: 'deployment-1' },
        },
        {
          model_name: 'slow',
          litellm_params: { model: 'openai/slow', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream-secret' },
          model_info: {},
        },
        {
          model_name: 'embedder',
          litellm_params: {
            model: 'openai/text-embedding-3-small',
            api_base: `${upstream.url}/v1`,
            api_key: 'sk-upstream-secret',
          },
          model_info: {},
        },
        {
          model_name: 'groq/*',
          litellm_params: { model: 'groq/*', api_base: upstream.url, api_key: 'gsk-upstream' },
          model_info: {},
        },
        {
          model_name: 'mock-model',
          litellm_params: { model: 'openai/gpt-4o-mini', mock_response: 'Hello from a mock!' },
          model_info: {},
        },
      ],
      general_settings: { master_key: MASTER_KEY },
    });
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  test('chat completion: the upstream gets the deployment key, the client gets OpenAI output and LiteLLM headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    const fixture = readJsonFixture<{ choices: { message: { content: string } }[] }>('openai/chat-text.json');
    assert.equal(data.choices[0]?.message.content, fixture.choices[0]?.message.content);
    const sent = upstream.requests.at(-1);
    assert.equal(sent?.headers.authorization, 'Bearer sk-upstream-secret');
    assert.equal(sent?.json<{ model: string }>().model, 'gpt-4o');
    assert.equal(response.headers.get('x-litellm-model-id'), 'deployment-1');
    assert.equal(response.headers.get('x-litellm-model-api-base'), `${upstream.url}/v1`);
    assert.ok(Number(response.headers.get('x-litellm-response-cost')) > 0);
    assert.ok(response.headers.get('x-litellm-call-id'));
    assert.equal(response.headers.get('x-litellm-version'), 'test');
    assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '42');
  });

  test('streaming: chunks arrive in order and add up to the recorded text', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, streamedText);
    assert.ok(usage && usage.total_tokens > 0);
  });

  test('an OpenAI stream is relayed verbatim: every upstream chunk as sent, the usage chunk only when asked for', async () => {
    const recorded = chatLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const withoutUsage = recorded.filter((chunk) => !chunk.usage);
    const plain = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const received: unknown[] = [];
    for await (const chunk of plain) received.push(chunk);
    assert.deepEqual(received, withoutUsage, 'fields such as obfuscation and usage:null pass untouched');
    assert.ok(upstream.requests.at(-1)?.body.includes('"include_usage":true'), 'usage is always asked of the upstream');

    const counted = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const all: unknown[] = [];
    for await (const chunk of counted) all.push(chunk);
    assert.deepEqual(all, recorded);
  });

  test('streamed tool calls reassemble in the client', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.type === 'function' ? call.function.name : undefined, 'weather');
  });

  test('embeddings, models and a wildcard route', async () => {
    const vectors = await client.embeddings.create({ model: 'embedder', input: 'hello' });
    assert.ok(vectors.data[0]?.embedding.length);
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((model) => model.id),
      ['gpt-4o', 'slow', 'embedder', 'groq/*', 'mock-model'],
    );
    await client.chat.completions.create({
      model: 'groq/llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const sent = upstream.requests.at(-1);
    assert.equal(sent?.url, '/chat/completions');
    assert.equal(sent?.json<{ model: string }>().model, 'llama-3.3-70b-versatile');
    assert.equal(sent?.headers.authorization, 'Bearer gsk-upstream');
  });

  test('a mock_response deployment answers with no provider key', async () => {
    const completion = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    assert.equal(completion.choices[0]?.message.content, 'Hello from a mock!');
  });

  test('the Azure client works through /openai/deployments/{model}/…', async () => {
    const azure = new AzureOpenAI({
      endpoint: proxy.url,
      apiKey: MASTER_KEY,
      apiVersion: '2024-10-21',
      deployment: 'gpt-4o',
      maxRetries: 0,
    });
    const completion = await azure.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    assert.ok(completion.choices[0]?.message.content);
  });

  test('errors: a wrong key is 401, an unknown model 400, both as OpenAI errors', async () => {
    const stranger = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(stranger.models.list(), (error: unknown) => error instanceof OpenAI.AuthenticationError);
    await assert.rejects(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'Hi' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /Invalid model name/.test(error.message),
    );
  });

  test('a client cannot redirect a deployment to its own api_base', async () => {
    const before = upstream.requests.length;
    await assert.rejects(
      client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'Hi' }],
        api_base: 'https://attacker.example/v1',
      } as never),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /api_base is not allowed/.test(error.message),
    );
    assert.equal(upstream.requests.length, before);
  });

  test('a client that disconnects mid-stream aborts the upstream request', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'slow', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      { signal: controller.signal },
    );
    let seen = 0;
    // The openai client ends the loop quietly on its own abort.
    await (async () => {
      for await (const _chunk of stream) if (++seen === 2) controller.abort();
    })().catch(() => {});
    assert.equal(seen, 2);
    const started = Date.now();
    while (upstream.aborted.length === 0 && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(upstream.aborted.length, 1);
  });
});
