import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

type ChatFixture = { choices: { message: { content: string } }[] };

const chatText = readJsonFixture<ChatFixture>('openai/chat-text.json').choices[0]?.message.content ?? '';
const streamedText = readChunkLines('openai/chat-text.chunks.txt')
  .map((line) => (JSON.parse(line) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
  .join('');

describe('POST /v1/completions on a chat model goes through chat completions, as LiteLLM does', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  let client: OpenAI;

  before(async () => {
    // An OpenAI upstream whose /v1/completions knows only completion models (as OpenAI's does).
    upstream = await startMockUpstream(async (request, response) => {
      const body = request.json<{ model: string; stream?: boolean }>();
      if (request.url === '/v1/chat/completions') {
        if (body.stream)
          return replySse(response, toSseFrames(readChunkLines('openai/chat-text.chunks.txt'), 'openai'));
        return replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
      }
      if (request.url === '/v1/completions' && body.model === 'gpt-3.5-turbo-instruct') {
        return replyJson(response, 200, readJsonFixture('openai/completion-text.json'));
      }
      replyJson(response, 404, {
        error: { message: `no completions for ${body.model}`, type: 'invalid_request_error' },
      });
    });
    const openai = (model: string) => ({
      model: `openai/${model}`,
      api_base: `${upstream.url}/v1`,
      api_key: 'sk-test',
    });
    proxy = await startTestProxy({
      model_list: [
        { model_name: 'gpt-4o', litellm_params: openai('gpt-4o'), model_info: { id: 'gpt-4o-1' } },
        { model_name: 'instruct', litellm_params: openai('gpt-3.5-turbo-instruct'), model_info: { id: 'instruct-1' } },
      ],
    });
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  test('a chat model answers a text completion from its chat answer', async () => {
    const before = upstream.requests.length;
    const completion = await client.completions.create({ model: 'gpt-4o', prompt: 'Invent a holiday' });
    assert.equal(completion.object, 'text_completion');
    assert.equal(completion.choices[0]?.text, chatText);
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const sent = upstream.requests.slice(before);
    assert.deepEqual(
      sent.map((request) => request.url),
      ['/v1/chat/completions'],
    );
    assert.deepEqual(sent[0]?.json().messages, [{ role: 'user', content: 'Invent a holiday' }]);
  });

  test('streamed, it arrives as text_completion chunks', async () => {
    const before = upstream.requests.length;
    const stream = await client.completions.create({ model: 'gpt-4o', prompt: 'Invent a holiday', stream: true });
    let text = '';
    for await (const chunk of stream) {
      assert.equal(chunk.object, 'text_completion');
      text += chunk.choices[0]?.text ?? '';
    }
    assert.equal(text, streamedText);
    assert.deepEqual(
      upstream.requests.slice(before).map((request) => request.url),
      ['/v1/chat/completions'],
    );
  });

  test('a completion model still uses the native /v1/completions', async () => {
    const before = upstream.requests.length;
    const completion = await client.completions.create({ model: 'instruct', prompt: 'Say this is a test' });
    assert.equal(completion.object, 'text_completion');
    assert.deepEqual(
      upstream.requests.slice(before).map((request) => request.url),
      ['/v1/completions'],
    );
  });
});
