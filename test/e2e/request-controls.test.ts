import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

const MESSAGES = [{ role: 'user', content: 'Hi' }];

/**
 * LiteLLM's request-level controls through the proxy: the `mock_testing_*` / `mock_timeout` test
 * switches (answered by the proxy, never sent upstream), the `x-litellm-timeout` and
 * `x-litellm-num-retries` headers, and the ceiling on what a client may ask for.
 */
describe('request-level test switches, timeouts and retries', () => {
  let healthy: MockUpstream;
  let backup: MockUpstream;
  let failing: MockUpstream;
  let slow: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    const answer = (response: Parameters<typeof replyJson>[0]) =>
      replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
    healthy = await startMockUpstream((_request, response) => answer(response));
    backup = await startMockUpstream((_request, response) => answer(response));
    failing = await startMockUpstream((_request, response) => replyJson(response, 500, { error: { message: 'boom' } }));
    slow = await startMockUpstream(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      answer(response);
    });
    const at = (upstream: MockUpstream, extra: Record<string, unknown> = {}) => ({
      model: 'openai/gpt-4o',
      api_base: `${upstream.url}/v1`,
      api_key: 'sk-test',
      ...extra,
    });
    proxy = await startTestProxy({
      model_list: [
        { model_name: 'primary', litellm_params: at(healthy), model_info: { id: 'primary-1' } },
        { model_name: 'backup', litellm_params: at(backup), model_info: { id: 'backup-1' } },
        { model_name: 'failing', litellm_params: at(failing), model_info: { id: 'failing-1' } },
        { model_name: 'slow', litellm_params: at(slow, { timeout: 30 }), model_info: { id: 'slow-1' } },
        { model_name: 'slow-capped', litellm_params: at(slow, { timeout: 0.3 }), model_info: { id: 'slow-capped-1' } },
      ],
      router_settings: {
        num_retries: 1,
        retry_after: 0,
        disable_cooldowns: true,
        fallbacks: [{ primary: ['backup'] }],
        context_window_fallbacks: [{ primary: ['backup'] }],
      },
    });
  });
  after(async () => {
    await proxy.stop();
    for (const upstream of [healthy, backup, failing, slow]) await upstream.close();
  });

  async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ messages: MESSAGES, ...body }),
    });
    return { response, json: (await response.json()) as Record<string, unknown> & { error?: Record<string, unknown> } };
  }

  function sentBodies(...upstreams: MockUpstream[]): Record<string, unknown>[] {
    return upstreams.flatMap((upstream) => upstream.requests.map((request) => request.json<Record<string, unknown>>()));
  }

  test('mock_testing_fallbacks fails the group so its fallback answers, with the fallback headers', async () => {
    const before = { healthy: healthy.requests.length, backup: backup.requests.length };
    const { response } = await chat({ model: 'primary', mock_testing_fallbacks: true });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-litellm-model-group'), 'backup');
    assert.equal(response.headers.get('x-litellm-attempted-fallbacks'), '1');
    assert.equal(healthy.requests.length, before.healthy);
    assert.equal(backup.requests.length, before.backup + 1);
  });

  test('mock_testing_rate_limit_error fails the first attempt only: a retry answers (as LiteLLM)', async () => {
    const before = healthy.requests.length;
    const { response } = await chat({ model: 'primary', mock_testing_rate_limit_error: true });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-litellm-attempted-retries'), '1');
    assert.equal(response.headers.get('x-litellm-model-group'), 'primary');
    assert.equal(healthy.requests.length, before + 1);
  });

  test('with no retries left, mock_testing_rate_limit_error is a 429 RateLimitError and no upstream call', async () => {
    // `slow` has no fallbacks (`primary` would fall back on the 429).
    const before = slow.requests.length;
    const { response, json } = await chat({ model: 'slow', mock_testing_rate_limit_error: true, num_retries: 0 });
    assert.equal(response.status, 429);
    assert.equal(json.error?.type, 'rate_limit_error');
    assert.equal(slow.requests.length, before);
  });

  test('mock_testing_context_window_error takes the context-window fallback', async () => {
    const { response } = await chat({ model: 'primary', mock_testing_context_window_error: true });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-litellm-model-group'), 'backup');
  });

  test('mock_timeout waits out the timeout, then answers 408 without calling the upstream', async () => {
    const before = healthy.requests.length;
    const { response, json } = await chat({ model: 'primary', mock_timeout: true, timeout: 0.05, num_retries: 0 });
    assert.equal(response.status, 408);
    assert.equal(json.error?.type, 'timeout_error');
    assert.equal(healthy.requests.length, before);
  });

  test('no test switch or control field ever reaches an upstream', () => {
    for (const body of sentBodies(healthy, backup, failing, slow)) {
      for (const name of Object.keys(body)) {
        assert.ok(!/^mock_|^num_retries$|^timeout$|^max_retries$/.test(name), `upstream received ${name}`);
      }
    }
  });

  test('x-litellm-timeout sets the timeout and is echoed; the configured one is a ceiling', async () => {
    const asked = await chat({ model: 'primary' }, { 'x-litellm-timeout': '12.5' });
    assert.equal(asked.response.headers.get('x-litellm-timeout'), '12.5');
    const beyond = await chat({ model: 'slow-capped', mock_response: 'hi' }, { 'x-litellm-timeout': '100' });
    assert.equal(beyond.response.headers.get('x-litellm-timeout'), '0.3');
    const plain = await chat({ model: 'primary' });
    assert.equal(plain.response.headers.get('x-litellm-timeout'), '600.0');
  });

  test('a short x-litellm-timeout cuts a slow upstream off with a 408', async () => {
    const { response, json } = await chat({ model: 'slow', num_retries: 0 }, { 'x-litellm-timeout': '0.2' });
    assert.equal(response.status, 408, JSON.stringify(json));
  });

  test("a client's timeout above the deployment's is not honoured: the deployment's 0.3 s applies", async () => {
    const { response, json } = await chat({ model: 'slow-capped', timeout: 60, num_retries: 0 });
    assert.equal(response.status, 408, JSON.stringify(json));
  });

  test('num_retries: 50 in the body makes no more upstream calls than the configured retries + 1', async () => {
    const before = failing.requests.length;
    const { response } = await chat({ model: 'failing', num_retries: 50 });
    assert.equal(response.status, 500);
    assert.equal(failing.requests.length - before, 2);
    assert.equal(response.headers.get('x-litellm-attempted-retries'), '1');
  });

  test('nor does x-litellm-num-retries: 50, or max_retries: 50', async () => {
    let before = failing.requests.length;
    await chat({ model: 'failing' }, { 'x-litellm-num-retries': '50' });
    assert.equal(failing.requests.length - before, 2);
    before = failing.requests.length;
    await chat({ model: 'failing', max_retries: 50 });
    assert.equal(failing.requests.length - before, 2);
  });

  test('the cap holds on /v1/messages too', async () => {
    const before = failing.requests.length;
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-litellm-num-retries': '50' },
      body: JSON.stringify({ model: 'failing', max_tokens: 10, messages: MESSAGES, num_retries: 50 }),
    });
    assert.equal(response.status, 500);
    assert.equal(failing.requests.length - before, 2);
  });

  test('x-litellm-num-retries may lower the retries', async () => {
    const before = failing.requests.length;
    await chat({ model: 'failing' }, { 'x-litellm-num-retries': '0' });
    assert.equal(failing.requests.length - before, 1);
  });

  test('a header that is not a number is a 400', async () => {
    const { response, json } = await chat({ model: 'primary' }, { 'x-litellm-timeout': 'soon' });
    assert.equal(response.status, 400);
    assert.equal(json.error?.param, 'x-litellm-timeout');
  });
});
