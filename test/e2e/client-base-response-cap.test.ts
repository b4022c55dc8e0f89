import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { eventually } from '../../test-support/eventually.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream, writeForever } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

// A host a client chose (client-side credentials allowed) may be hostile: its 2xx answer is read up
// to 32 MB, then the read stops, the connection is dropped and the client gets an error.
describe("an answer from a client's own api_base is read with a cap", () => {
  let clientHost: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    clientHost = await startMockUpstream((request, response) => {
      if (request.url.includes('small')) return replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
      response.writeHead(200, { 'content-type': 'application/json' });
      return writeForever(response, '{"id":"msg","content":"', 'a');
    });
    const deployment = (name: string, model: string) => ({
      model_name: name,
      litellm_params: { model, api_key: 'sk-operator', api_base: 'https://api.example.test', num_retries: 0 },
      model_info: {},
    });
    proxy = await startTestProxy({
      model_list: [deployment('gpt', 'openai/gpt-4o'), deployment('claude', 'anthropic/claude-sonnet-4-5')],
      router_settings: { num_retries: 0 },
      general_settings: { allow_client_side_credentials: true, client_api_base_allowlist: ['127.0.0.1'] },
    });
  });
  after(async () => {
    await proxy.stop();
    await clientHost.close();
  });

  async function post(path: string, body: Record<string, unknown>) {
    const response = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, text: await response.text() };
  }

  const hello = [{ role: 'user', content: 'hi' }];

  for (const [path, body] of [
    ['/v1/chat/completions', { model: 'gpt', messages: hello, api_base: '' }],
    ['/v1/messages', { model: 'claude', max_tokens: 5, messages: hello, api_base: '' }],
  ] as const) {
    test(`${path}: an endless 2xx body ends in an error and the client host's connection is dropped`, async () => {
      const aborted = clientHost.aborted.length;
      const { status, text } = await post(path, {
        ...body,
        api_base: `${clientHost.url}/endless`,
        api_key: 'sk-client',
      });
      assert.equal(status, 500, text.slice(0, 300));
      assert.match(text, /more than 32 MB/);
      assert.ok(text.length < 10_000, `an error of ${text.length} characters`);
      await eventually(() => clientHost.aborted.length > aborted, 'the client host saw its connection dropped');
    });
  }

  test('a normal answer from the client host passes', async () => {
    const { status, text } = await post('/v1/chat/completions', {
      model: 'gpt',
      messages: hello,
      api_base: `${clientHost.url}/small/v1`,
      api_key: 'sk-client',
    });
    assert.equal(status, 200, text.slice(0, 300));
    const expected = readJsonFixture<{ choices: { message: { content: string } }[] }>('openai/chat-text.json');
    assert.equal(
      (JSON.parse(text) as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
      expected.choices[0]?.message.content,
    );
  });
});
