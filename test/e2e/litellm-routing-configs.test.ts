import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { parseConfig } from '../../src/proxy/config/index.js';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

// LiteLLM configs that did not work as in LiteLLM, each loaded by the real loader and served by the
// real proxy on loopback against a mock upstream.

const chatReply = () => readJsonFixture('openai/chat-text.json');
const hello = [{ role: 'user' as const, content: 'Hi' }];

async function chat(proxy: RunningProxy, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${proxy.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: hello, ...body }),
  });
  await response.arrayBuffer();
  return response;
}

describe('credential_list and litellm_credential_name', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatReply()));
    const { config } = parseConfig(
      `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/prod-gpt-4o
      litellm_credential_name: azure-east
credential_list:
  - credential_name: azure-east
    credential_values:
      api_key: os.environ/AZURE_EAST_KEY
      api_base: ${upstream.url}
      api_version: "2024-10-21"
    credential_info:
      description: production
`,
      { source: 'config.yaml', env: { AZURE_EAST_KEY: 'east-secret-key' } },
    );
    proxy = await startTestProxy(config);
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  test("the call goes to the credential's api_base, signed with its key and version", async () => {
    const response = await chat(proxy, { model: 'gpt-4o' });
    assert.equal(response.status, 200);
    assert.equal(upstream.requests.length, 1);
    const sent = upstream.requests[0];
    assert.equal(sent?.url, '/openai/deployments/prod-gpt-4o/chat/completions?api-version=2024-10-21');
    assert.equal(sent?.headers['api-key'], 'east-secret-key');
    assert.equal(sent?.json().litellm_credential_name, undefined);
  });
});

describe('router_settings.model_group_alias and model_info.id', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  let client: OpenAI;
  before(async () => {
    upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatReply()));
    const { config } = parseConfig(
      `model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_base: "${upstream.url}", api_key: k}
    model_info: {id: east}
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_base: "${upstream.url}", api_key: k}
    model_info: {id: west}
router_settings:
  model_group_alias:
    gpt-4: gpt-4o
    GPT-4o-old: {model: gpt-4o, hidden: true}
`,
      { source: 'config.yaml', env: {} },
    );
    proxy = await startTestProxy(config);
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  test('an alias, plain or hidden, is served by its target group', async () => {
    for (const model of ['gpt-4', 'GPT-4o-old']) {
      const { response } = await client.chat.completions.create({ model, messages: hello }).withResponse();
      assert.equal(response.headers.get('x-litellm-model-group'), 'gpt-4o');
    }
  });

  test('/v1/models lists the alias unless it is hidden', async () => {
    const ids = (await client.models.list()).data.map((model) => model.id);
    assert.deepEqual(ids, ['gpt-4o', 'gpt-4']);
  });

  test("a deployment's model_info.id as the model reaches that deployment every time", async () => {
    for (let index = 0; index < 6; index++) {
      const response = await chat(proxy, { model: 'west' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-litellm-model-id'), 'west');
      assert.equal(response.headers.get('x-litellm-model-group'), 'gpt-4o');
    }
  });
});

describe('tag routing from the x-litellm-tags header and tag_regex', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatReply()));
    const base = `api_base: "${upstream.url}", api_key: k`;
    const { config } = parseConfig(
      `model_list:
  - model_name: m
    litellm_params: {model: openai/gpt-4o, ${base}, tags: [free]}
    model_info: {id: free-deployment}
  - model_name: m
    litellm_params: {model: openai/gpt-4o, ${base}, tags: [paid]}
    model_info: {id: paid-deployment}
  - model_name: m
    litellm_params: {model: openai/gpt-4o, ${base}, tag_regex: ["^User-Agent: claude-code/"]}
    model_info: {id: claude-code-deployment}
  - model_name: m
    litellm_params: {model: openai/gpt-4o, ${base}, tags: [default]}
    model_info: {id: default-deployment}
router_settings:
  enable_tag_filtering: true
`,
      { source: 'config.yaml', env: {} },
    );
    proxy = await startTestProxy(config);
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  const modelId = async (headers: Record<string, string>, body: Record<string, unknown> = {}) => {
    const response = await chat(proxy, { model: 'm', ...body }, headers);
    assert.equal(response.status, 200);
    return response.headers.get('x-litellm-model-id');
  };

  test('x-litellm-tags (comma-separated) picks the tagged deployment', async () => {
    for (let index = 0; index < 4; index++) {
      assert.equal(await modelId({ 'x-litellm-tags': 'paid, my-custom-tag' }), 'paid-deployment');
      assert.equal(await modelId({ 'x-litellm-tags': 'free' }), 'free-deployment');
    }
  });

  test('header tags join the body tags (neither replaces the other)', async () => {
    assert.equal(await modelId({ 'x-litellm-tags': 'unknown-tag' }, { tags: ['free'] }), 'free-deployment');
    assert.equal(await modelId({ 'x-litellm-tags': 'paid' }, { tags: ['unknown-tag'] }), 'paid-deployment');
    assert.equal(
      await modelId({ 'x-litellm-tags': 'paid' }, { metadata: { tags: ['unknown-tag'] } }),
      'paid-deployment',
    );
  });

  test('tag_regex matches the User-Agent; other clients get the default deployment', async () => {
    for (let index = 0; index < 4; index++) {
      assert.equal(await modelId({ 'user-agent': 'claude-code/1.2.3' }), 'claude-code-deployment');
      assert.equal(await modelId({ 'user-agent': 'curl/8.5' }), 'default-deployment');
    }
  });

  test('tag_regex applies on /v1/messages too (Claude Code sends its User-Agent there)', async () => {
    const messages = (userAgent: string) =>
      fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': userAgent },
        body: JSON.stringify({ model: 'm', max_tokens: 16, messages: hello }),
      });
    for (let index = 0; index < 3; index++) {
      const claudeCode = await messages('claude-code/2.0.1');
      await claudeCode.arrayBuffer();
      assert.equal(claudeCode.status, 200);
      assert.equal(claudeCode.headers.get('x-litellm-model-id'), 'claude-code-deployment');
      const other = await messages('python-httpx/0.27');
      await other.arrayBuffer();
      assert.equal(other.headers.get('x-litellm-model-id'), 'default-deployment');
    }
  });

  test('neither the tags nor the user agent reach the provider', async () => {
    const before = upstream.requests.length;
    await modelId({ 'x-litellm-tags': 'paid', 'user-agent': 'claude-code/1' });
    const sent = upstream.requests[before]?.json() ?? {};
    assert.equal(sent.tags, undefined);
    assert.equal(sent.user_agent, undefined);
    assert.equal(sent.tag_regex, undefined);
  });
});
