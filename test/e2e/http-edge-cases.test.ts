import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, toSseFrames } from '../../test-support/fixtures.js';
import { type MockUpstream, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const KEY = 'sk-edge';

describe('the proxy answers bad input with clear OpenAI errors', () => {
  let proxy: RunningProxy;
  before(async () => {
    proxy = await startTestProxy({
      model_list: [
        { model_name: 'm', litellm_params: { model: 'openai/gpt-4o', mock_response: 'ok' }, model_info: {} },
      ],
      general_settings: { master_key: KEY, max_request_size_mb: 0.01 },
    });
  });
  after(() => proxy.stop());

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      json: JSON.parse(text) as { error: { message: string; type: string; param: unknown; code: unknown } },
    };
  }

  function assertOpenAIError(json: { error: Record<string, unknown> }) {
    assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message', 'param', 'type']);
    assert.doesNotMatch(String(json.error.message), /at .*\.(ts|js):\d+/, 'no stack trace');
  }

  test('malformed JSON → 400', async () => {
    const { status, json } = await post('/v1/chat/completions', '{"model": "m", ');
    assert.equal(status, 400);
    assertOpenAIError(json);
    assert.match(json.error.message, /Invalid JSON/);
  });

  test('a JSON array, an empty body and missing messages → 400', async () => {
    assert.equal((await post('/v1/chat/completions', '[1,2]')).status, 400);
    assert.equal((await post('/v1/chat/completions', '')).status, 400);
    const missing = await post('/v1/chat/completions', '{"model":"m"}');
    assert.equal(missing.status, 400);
    assertOpenAIError(missing.json);
  });

  test('a wrong content type → 415', async () => {
    const { status, json } = await post('/v1/chat/completions', 'model=m', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(status, 415);
    assertOpenAIError(json);
  });

  test('an oversized body → 413', async () => {
    const big = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(20_000) }] });
    const { status, json } = await post('/v1/chat/completions', big);
    assert.equal(status, 413);
    assertOpenAIError(json);
  });

  test('no key → 401; unknown route → 404; wrong method → 405', async () => {
    const noKey = await fetch(`${proxy.url}/v1/models`);
    assert.equal(noKey.status, 401);
    assertOpenAIError(await noKey.json());
    const missing = await fetch(`${proxy.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(missing.status, 404);
    const wrongMethod = await fetch(`${proxy.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    assert.equal(wrongMethod.status, 405);
  });

  test('x-api-key and api-key headers are accepted too', async () => {
    for (const header of ['x-api-key', 'api-key']) {
      const response = await fetch(`${proxy.url}/v1/models`, { headers: { [header]: KEY } });
      assert.equal(response.status, 200, header);
    }
  });

  test('health probes answer without a key; /health checks deployments', async () => {
    assert.equal((await fetch(`${proxy.url}/health/liveliness`)).status, 200);
    const readiness = await (await fetch(`${proxy.url}/health/readiness`)).json();
    assert.equal(readiness.status, 'healthy');
    const health = await (await fetch(`${proxy.url}/health`, { headers: { authorization: `Bearer ${KEY}` } })).json();
    assert.equal(health.healthy_count, 1);
    assert.equal(health.unhealthy_count, 0);
    const root = await (await fetch(`${proxy.url}/`)).json();
    assert.equal(root.name, 'llmux');
  });
});

describe('graceful shutdown', () => {
  let upstream: MockUpstream;
  before(async () => {
    const lines = readChunkLines('openai/chat-text.chunks.txt').slice(0, 40);
    upstream = await startMockUpstream((_request, response) =>
      replySse(response, toSseFrames(lines, 'openai'), { delayMs: 10, splitRandomly: false }),
    );
  });
  after(() => upstream.close());

  test('an in-flight stream finishes after stop() begins, and new connections are refused', async () => {
    const proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/gpt-4o', api_base: upstream.url, api_key: 'k' },
          model_info: {},
        },
      ],
    });
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    });
    const stopping = proxy.stop();
    const text = await response.text();
    assert.match(text, /data: \[DONE\]\n\n$/);
    await stopping;
    await assert.rejects(fetch(`${proxy.url}/v1/models`));
  });
});

describe('an upstream that fails mid-stream', () => {
  const lines = readChunkLines('openai/chat-text.chunks.txt');
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await startMockUpstream((request, response) => {
      const mode = request.json<{ model: string }>().model;
      if (mode === 'error-event') {
        const frames = [
          ...toSseFrames(lines.slice(0, 3), 'openai').slice(0, 3),
          'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}\n\n',
        ];
        return replySse(response, frames, { splitRandomly: false });
      }
      return replySse(response, toSseFrames(lines, 'openai'), { cutAfterFrames: 4 });
    });
    proxy = await startTestProxy({
      model_list: ['cut', 'error-event'].map((name) => ({
        model_name: name,
        litellm_params: { model: `openai/${name}`, api_base: upstream.url, api_key: 'k' },
        model_info: {},
      })),
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  for (const model of ['cut', 'error-event']) {
    test(`${model}: the chunks so far, then an OpenAI error event, and the stream ends (no hang, no [DONE])`, async () => {
      const response = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true }),
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(response.status, 200);
      const events = (await response.text()).split('\n\n').filter(Boolean);
      assert.ok(events.length >= 2);
      assert.match(events[0] ?? '', /"role":"assistant"/);
      const last = JSON.parse((events.at(-1) ?? '').slice('data: '.length)) as {
        error: { message: string; type: string };
      };
      assert.ok(last.error.message.length > 0);
      assert.ok(!events.includes('data: [DONE]'));
    });
  }
});
