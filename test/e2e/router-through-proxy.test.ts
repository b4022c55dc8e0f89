import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

describe('the router behind the proxy: retries, fallbacks, cooldowns and their headers', () => {
  let broken: MockUpstream;
  let healthy: MockUpstream;
  let proxy: RunningProxy;
  let client: OpenAI;

  before(async () => {
    broken = await startMockUpstream((_request, response) =>
      replyJson(response, 500, { error: { message: 'upstream exploded' } }),
    );
    healthy = await startMockUpstream((_request, response) =>
      replyJson(response, 200, readJsonFixture('openai/chat-text.json')),
    );
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'primary',
          litellm_params: { model: 'openai/gpt-4o', api_base: broken.url, api_key: 'k' },
          model_info: { id: 'primary-broken' },
        },
        {
          model_name: 'backup',
          litellm_params: { model: 'openai/gpt-4o-mini', api_base: healthy.url, api_key: 'k' },
          model_info: { id: 'backup-ok' },
        },
        {
          model_name: 'pair',
          litellm_params: { model: 'openai/gpt-4o', api_base: broken.url, api_key: 'k' },
          model_info: { id: 'pair-broken' },
        },
        {
          model_name: 'pair',
          litellm_params: { model: 'openai/gpt-4o', api_base: healthy.url, api_key: 'k' },
          model_info: { id: 'pair-ok' },
        },
      ],
      router_settings: { num_retries: 1, allowed_fails: 1, cooldown_time: 60, retry_after: 0 },
      litellm_settings: { fallbacks: [{ primary: ['backup'] }] },
    });
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await proxy.stop();
    await broken.close();
    await healthy.close();
  });

  test('a failing group falls back to its fallback, and the headers say so', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'primary', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    assert.ok(data.choices[0]?.message.content);
    assert.equal(response.headers.get('x-litellm-model-id'), 'backup-ok');
    assert.equal(response.headers.get('x-litellm-model-group'), 'backup');
    assert.equal(response.headers.get('x-litellm-attempted-fallbacks'), '1');
    assert.ok(Number(response.headers.get('x-litellm-attempted-retries')) >= 1);
    assert.ok(broken.requests.length >= 1);
  });

  test('within a group, a failing deployment is retried on the other and then cooled down', async () => {
    const before = broken.requests.length;
    for (let index = 0; index < 4; index++) {
      const { response } = await client.chat.completions
        .create({ model: 'pair', messages: [{ role: 'user', content: 'Hi' }] })
        .withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'pair-ok');
    }
    // After its allowed failure the broken deployment is cooling: at most one more call reached it.
    assert.ok(broken.requests.length - before <= 2, `broken deployment got ${broken.requests.length - before} calls`);
  });
});
