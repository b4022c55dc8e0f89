import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The client timeouts bound how long a client may take to *send*; a slow upstream answer (a long
// generation, streamed or not) must never be cut by them.
describe('client timeouts never cut a slow answer', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    upstream = await startMockUpstream(async (request, response) => {
      if (request.json<{ stream?: boolean }>().stream !== true) {
        await sleep(2500);
        return replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let index = 0; index < 5; index++) {
        const chunk = {
          id: 'chatcmpl-slow',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o',
          choices: [{ index: 0, delta: { content: `w${index} ` }, finish_reason: index === 4 ? 'stop' : null }],
        };
        response.write(`data: ${JSON.stringify(chunk)}\n\n`);
        await sleep(600);
      }
      response.end('data: [DONE]\n\n');
    });
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-upstream', api_base: `${upstream.url}/v1` },
          model_info: {},
        },
      ],
      general_settings: { client_headers_timeout_seconds: 1, client_request_timeout_seconds: 1, keepalive_timeout: 1 },
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  const chat = (stream: boolean) =>
    fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });

  test('a non-streaming answer that takes longer than the request timeout arrives whole', async () => {
    const response = await chat(false);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    const expected = readJsonFixture<{ choices: { message: { content: string } }[] }>('openai/chat-text.json');
    assert.equal(body.choices[0]?.message.content, expected.choices[0]?.message.content);
  });

  test('a stream that lasts longer than the request timeout arrives whole, [DONE] included', async () => {
    const response = await chat(true);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.deepEqual(text.match(/w\d/g), ['w0', 'w1', 'w2', 'w3', 'w4']);
    assert.ok(text.trimEnd().endsWith('data: [DONE]'));
  });
});
