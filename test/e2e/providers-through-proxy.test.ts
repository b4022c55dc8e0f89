import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

/** One upstream per provider of the SDK, each speaking its own recorded wire format. */
const PROVIDERS = [
  {
    name: 'openai',
    model: 'openai/gpt-4.1-nano',
    body: 'openai/chat-text.json',
    chunks: 'openai/chat-text.chunks.txt',
    style: 'openai',
  },
  {
    name: 'azure',
    model: 'azure/gpt-5-nano',
    body: 'openai/chat-text.json',
    chunks: 'azure/chat-model-router-content-filter.chunks.txt',
    style: 'openai',
  },
  {
    name: 'anthropic',
    model: 'anthropic/claude-sonnet-4-5',
    body: 'anthropic/text.json',
    chunks: 'anthropic/text.chunks.txt',
    style: 'anthropic',
  },
  {
    name: 'gemini',
    model: 'gemini/gemini-2.5-flash',
    body: 'google/text.json',
    chunks: 'google/text.chunks.txt',
    style: 'gemini',
  },
  {
    name: 'groq',
    model: 'groq/llama-3.3-70b-versatile',
    body: 'openai-compatible/groq-chat-tool-call.json',
    chunks: 'openai-compatible/groq-chat-tool-call.chunks.txt',
    style: 'openai',
  },
  {
    name: 'mistral',
    model: 'mistral/mistral-small-latest',
    body: 'mistral/chat-text.json',
    chunks: 'mistral/chat-text.chunks.txt',
    style: 'openai',
  },
  {
    name: 'xai',
    model: 'xai/grok-3-mini',
    body: 'openai-compatible/xai-chat-reasoning-tool-call.json',
    chunks: 'openai-compatible/xai-chat-reasoning-tool-call.chunks.txt',
    style: 'openai',
  },
  {
    name: 'deepseek',
    model: 'deepseek/deepseek-chat',
    body: 'openai-compatible/deepseek-chat-tool-call.json',
    chunks: 'openai-compatible/deepseek-chat-tool-call.chunks.txt',
    style: 'openai',
  },
] as const;

describe('every SDK provider through the proxy, with the openai client', () => {
  const upstreams = new Map<string, MockUpstream>();
  let proxy: RunningProxy;
  let client: OpenAI;

  before(async () => {
    for (const provider of PROVIDERS) {
      upstreams.set(
        provider.name,
        await startMockUpstream((request, response) => {
          const streaming = request.url.includes('stream') || request.json<{ stream?: boolean }>().stream === true;
          if (streaming)
            return replySse(response, toSseFrames(readChunkLines(provider.chunks), provider.style), { seed: 11 });
          return replyJson(response, 200, readJsonFixture(provider.body));
        }),
      );
    }
    proxy = await startTestProxy({
      model_list: PROVIDERS.map((provider) => ({
        model_name: provider.name,
        litellm_params: {
          model: provider.model,
          api_base: upstreams.get(provider.name)?.url,
          api_key: `key-${provider.name}`,
        },
        model_info: {},
      })),
    });
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await proxy.stop();
    for (const upstream of upstreams.values()) await upstream.close();
  });

  for (const provider of PROVIDERS) {
    test(`${provider.name}: a chat completion and a stream, in OpenAI's shape`, async () => {
      const completion = await client.chat.completions.create({
        model: provider.name,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      assert.equal(completion.object, 'chat.completion');
      const message = completion.choices[0]?.message;
      assert.ok(message?.content || message?.tool_calls?.length, `${provider.name} answered`);
      assert.ok(completion.usage && completion.usage.total_tokens > 0);
      const stream = await client.chat.completions.create({
        model: provider.name,
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let tools = 0;
      let finish: string | null | undefined;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        tools += chunk.choices[0]?.delta.tool_calls?.length ?? 0;
        finish ??= chunk.choices[0]?.finish_reason;
        usage ??= chunk.usage;
      }
      assert.ok(text.length > 0 || tools > 0, `${provider.name} streamed content`);
      assert.ok(finish, `${provider.name} finished`);
      assert.ok(usage && usage.total_tokens > 0, `${provider.name} usage`);
      const sent = upstreams.get(provider.name)?.requests.at(-1);
      const auth =
        sent?.headers.authorization ??
        sent?.headers['x-api-key'] ??
        sent?.headers['api-key'] ??
        sent?.headers['x-goog-api-key'];
      assert.match(auth ?? '', new RegExp(`key-${provider.name}`));
    });
  }
});
