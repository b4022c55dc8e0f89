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
type Style = (typeof PROVIDERS)[number]['style'];

/** What a recorded answer says, read straight from the fixture (independently of the code under test). */
interface Expected {
  text: string;
  toolCalls: { name: string; arguments: string }[];
  finish: string;
  promptTokens: number;
}

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of four wire formats, read loosely and checked by the assertions.
type Json = Record<string, any>;
const ANTHROPIC_FINISH: Record<string, string> = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' };
const GEMINI_FINISH: Record<string, string> = { STOP: 'stop', MAX_TOKENS: 'length' };

function expectedFromBody(style: Style, body: Json): Expected {
  if (style === 'anthropic') {
    const usage = body.usage;
    return {
      text: body.content
        .filter((block: Json) => block.type === 'text')
        .map((block: Json) => block.text)
        .join(''),
      toolCalls: body.content
        .filter((block: Json) => block.type === 'tool_use')
        .map((block: Json) => ({ name: block.name, arguments: JSON.stringify(block.input) })),
      finish: ANTHROPIC_FINISH[body.stop_reason] ?? body.stop_reason,
      promptTokens: usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens,
    };
  }
  if (style === 'gemini') {
    const candidate = body.candidates[0];
    return {
      text: candidate.content.parts.map((part: Json) => (part.thought ? '' : (part.text ?? ''))).join(''),
      toolCalls: [],
      finish: GEMINI_FINISH[candidate.finishReason] ?? candidate.finishReason,
      promptTokens: body.usageMetadata.promptTokenCount,
    };
  }
  const message = body.choices[0].message;
  return {
    text: message.content ?? '',
    toolCalls: (message.tool_calls ?? []).map((call: Json) => ({
      name: call.function.name,
      arguments: call.function.arguments,
    })),
    finish: body.choices[0].finish_reason,
    promptTokens: body.usage.prompt_tokens,
  };
}

function expectedFromStream(style: Style, events: Json[]): Expected {
  const expected: Expected = { text: '', toolCalls: [], finish: '', promptTokens: 0 };
  for (const event of events) {
    if (style === 'anthropic') {
      if (event.type === 'message_start') {
        const usage = event.message.usage;
        expected.promptTokens = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
      }
      if (event.delta?.type === 'text_delta') expected.text += event.delta.text;
      if (event.delta?.stop_reason) expected.finish = ANTHROPIC_FINISH[event.delta.stop_reason] ?? '';
    } else if (style === 'gemini') {
      const candidate = event.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) if (!part.thought) expected.text += part.text ?? '';
      if (candidate?.finishReason) expected.finish = GEMINI_FINISH[candidate.finishReason] ?? '';
      if (event.usageMetadata) expected.promptTokens = event.usageMetadata.promptTokenCount;
    } else {
      const choice = event.choices.find((item: Json) => item.index === 0);
      expected.text += choice?.delta?.content ?? '';
      for (const [position, call] of (choice?.delta?.tool_calls ?? []).entries()) {
        const index = call.index ?? position;
        expected.toolCalls[index] ??= { name: '', arguments: '' };
        const target = expected.toolCalls[index];
        if (target) {
          target.name ||= call.function?.name ?? '';
          target.arguments += call.function?.arguments ?? '';
        }
      }
      if (choice?.finish_reason) expected.finish = choice.finish_reason;
      const usage = event.usage ?? event.x_groq?.usage;
      if (usage) expected.promptTokens = usage.prompt_tokens;
    }
  }
  return expected;
}

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
      const expected = expectedFromBody(provider.style, readJsonFixture(provider.body));
      const message = completion.choices[0]?.message;
      assert.ok(expected.text.length > 0 || expected.toolCalls.length > 0, 'the fixture has an answer to compare');
      assert.equal(message?.content ?? '', expected.text);
      assert.deepEqual(
        (message?.tool_calls ?? []).map((call) =>
          call.type === 'function' ? { name: call.function.name, arguments: call.function.arguments } : call,
        ),
        expected.toolCalls,
      );
      assert.equal(completion.choices[0]?.finish_reason, expected.finish);
      assert.equal(completion.usage?.prompt_tokens, expected.promptTokens);
      assert.ok(completion.usage && completion.usage.total_tokens > 0);
      const stream = await client.chat.completions.create({
        model: provider.name,
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      const tools: { name: string; arguments: string }[] = [];
      let finish: string | null | undefined;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
          tools[call.index] ??= { name: '', arguments: '' };
          const target = tools[call.index];
          if (target) {
            target.name ||= call.function?.name ?? '';
            target.arguments += call.function?.arguments ?? '';
          }
        }
        finish ??= chunk.choices[0]?.finish_reason;
        usage ??= chunk.usage;
      }
      const streamed = expectedFromStream(
        provider.style,
        readChunkLines(provider.chunks).map((line) => JSON.parse(line)),
      );
      assert.ok(streamed.text.length > 0 || streamed.toolCalls.length > 0, 'the recorded stream has an answer');
      assert.equal(text, streamed.text, `${provider.name} streamed the recorded text`);
      assert.deepEqual(tools, streamed.toolCalls, `${provider.name} streamed the recorded tool calls`);
      assert.equal(finish, streamed.finish, `${provider.name} finished as recorded`);
      assert.equal(usage?.prompt_tokens, streamed.promptTokens, `${provider.name} usage`);
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
