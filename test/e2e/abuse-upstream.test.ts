import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { eventually } from '../../test-support/eventually.js';
import { type MockUpstream, startMockUpstream, writeForever } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

type ErrorJson = { error: { message: string; type: string } };

describe('what upstreams send is read with a cap', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await startMockUpstream((request, response) => {
      const model = request.json<{ model: string }>().model;
      if (model.startsWith('endless-error')) {
        response.writeHead(500, { 'content-type': 'application/json' });
        return writeForever(response, '{"error":{"message":"', 'x');
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (model.startsWith('claude'))
        return writeForever(response, 'event: message_start\ndata: {"type":"message_start","message":"', 'a');
      return writeForever(response, 'data: {"usage":null,"x":"', 'a');
    });
    const deployment = (name: string, model: string) => ({
      model_name: name,
      litellm_params: { model, api_base: upstream.url, api_key: 'k', num_retries: 0 },
      model_info: {},
    });
    proxy = await startTestProxy({
      model_list: [
        deployment('endless-error', 'openai/endless-error'),
        deployment('endless-event-openai', 'openai/gpt-4o'),
        deployment('endless-event-anthropic', 'anthropic/claude-sonnet-4-5'),
      ],
      router_settings: { num_retries: 0 },
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  async function chat(model: string, stream: boolean) {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream }),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, text: await response.text() };
  }

  test('an endless error body: the error comes back, cut, and the upstream connection is dropped', async () => {
    const { status, text } = await chat('endless-error', false);
    assert.equal(status, 500);
    const json = JSON.parse(text) as ErrorJson;
    assert.match(json.error.message, /cut at 1 MB/);
    assert.ok(text.length < 10_000);
    await eventually(() => upstream.aborted.length >= 1, 'the upstream connection was dropped');
  });

  for (const model of ['endless-event-openai', 'endless-event-anthropic']) {
    test(`${model}: a stream event that never ends becomes an error, not unbounded memory`, async () => {
      const abortedBefore = upstream.aborted.length;
      const { text } = await chat(model, true);
      assert.match(text, /stream event larger than 8 MB/);
      assert.ok(text.length < 10_000);
      await eventually(() => upstream.aborted.length > abortedBefore, 'the upstream read was stopped');
    });
  }
});

describe('an internal error is never reported as a connection error', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await startMockUpstream((_request, response) => {
      response.writeHead(500);
      response.end();
    });
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/gpt-4o', api_base: upstream.url, api_key: 'k' },
          model_info: {},
        },
      ],
      // A limit high enough to let a 100k-deep body reach code that recurses over it.
      general_settings: { max_request_json_depth: 1_000_000 },
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  test('a stack overflow in our code is a generic 500 without details, and no upstream call', async () => {
    const depth = 100_000;
    const body = `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","x":${'['.repeat(depth)}${']'.repeat(depth)}}}}]}`;
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = (await response.json()) as ErrorJson;
    assert.equal(response.status, 500);
    assert.notEqual(json.error.type, 'api_connection_error');
    assert.doesNotMatch(json.error.message, /Could not reach|Maximum call stack|at .*\.(ts|js):\d+/);
    assert.equal(upstream.requests.length, 0);
  });
});
