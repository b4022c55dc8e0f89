import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

// In the middle of every secret: masking keeps at most four characters at each end.
const MARK = 'SECRETMARK';

const chatReply = readJsonFixture('openai/chat-text.json');

describe('no secret is shown by info endpoints, health, response headers or error messages', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    upstream = await startMockUpstream((request, response) => {
      if (request.url.startsWith('/fail')) {
        // A provider that echoes what it was sent: the key, and a URL with a key in its query.
        return replyJson(response, 401, {
          error: {
            message: `Incorrect API key provided: ${request.headers.authorization}. See https://x.example/v1?key=AIzaSy-${MARK}-0123456789abcdef`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        });
      }
      return replyJson(response, 200, chatReply);
    });
    const { port } = new URL(upstream.url);
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'gpt-secret',
          litellm_params: {
            model: 'openai/gpt-4o',
            api_base: `http://svc:pw-${MARK}-0001@127.0.0.1:${port}/v1?sig=sig-${MARK}-0002`,
            api_key: `sk-cfgkey-${MARK}-0123456789`,
            organization: `org-${MARK}-0123456789`,
            extra_headers: { 'x-tenant-token': `hdr-${MARK}-value-0003` },
            headers: { 'x-short': `${MARK}` },
            azure_ad_token: `eyJhbGciOiJub25lIn0.${MARK}.sig`,
            aws_secret_access_key: `aws-${MARK}-secret-0004`,
            vertex_credentials: `{"private_key": "-----BEGIN ${MARK} KEY-----"}`,
          },
          model_info: {},
        },
        {
          model_name: 'failing',
          litellm_params: {
            model: 'openai/gpt-4o',
            api_base: `${upstream.url}/fail`,
            api_key: `sk-failkey-${MARK}-0123456789`,
          },
          model_info: {},
        },
        {
          model_name: 'claude-group',
          litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_key: `sk-ant-${MARK}-1`, rpm: 10, tpm: 1000 },
          model_info: { id: 'claude-a' },
        },
        {
          model_name: 'claude-group',
          litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_key: `sk-ant-${MARK}-2`, rpm: 5, tpm: 500 },
          model_info: { id: 'claude-b' },
        },
      ],
      litellm_settings: { num_retries: 0 },
    });
  });

  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  async function get(path: string) {
    const response = await fetch(`${proxy.url}${path}`);
    const text = await response.text();
    assert.equal(response.status, 200, `${path}: ${text}`);
    return { text, json: JSON.parse(text) as { data: Record<string, unknown>[] } };
  }

  for (const path of ['/v1/model/info', '/model/info', '/model_group/info', '/v1/model_group/info']) {
    it(`${path} shows no credential, header value, api_base password or query value`, async () => {
      const { text } = await get(path);
      assert.doesNotMatch(text, new RegExp(MARK), text);
    });
  }

  it('/model/info keeps the fields, masked LiteLLM-style', async () => {
    const { json } = await get('/v1/model/info');
    const row = json.data.find((entry) => entry.model_name === 'gpt-secret') as {
      litellm_params: Record<string, unknown>;
    };
    const params = row.litellm_params;
    assert.equal(params.model, 'openai/gpt-4o');
    assert.equal(params.api_key, 'sk-c****6789');
    assert.deepEqual(Object.keys(params.extra_headers as object), ['x-tenant-token']);
    assert.match(String(params.api_base), /^http:\/\/svc:\*\*\*\*@127\.0\.0\.1:\d+\/v1\?sig=sig-\*\*\*\*0002$/);
  });

  it("/model_group/info answers one row per model group, in LiteLLM's shape", async () => {
    const { json } = await get('/model_group/info');
    assert.deepEqual(json.data.map((row) => row.model_group).sort(), ['claude-group', 'failing', 'gpt-secret']);
    const claude = json.data.find((row) => row.model_group === 'claude-group') as Record<string, unknown>;
    assert.deepEqual(claude.providers, ['anthropic']);
    assert.equal(claude.rpm, 15);
    assert.equal(claude.tpm, 1500);
    assert.equal(claude.mode, 'chat');
    assert.equal(claude.supports_function_calling, true);
    assert.equal(typeof claude.max_input_tokens, 'number');
    assert.equal(typeof claude.input_cost_per_token, 'number');
    assert.ok((claude.supported_openai_params as string[]).includes('tools'));
    assert.equal('litellm_params' in claude, false);
    const one = await get('/v1/model_group/info?model_group=gpt-secret');
    assert.deepEqual(
      one.json.data.map((row) => row.model_group),
      ['gpt-secret'],
    );
    assert.deepEqual(one.json.data[0]?.providers, ['openai']);
  });

  it('/health shows masked api_bases and redacted errors', async () => {
    const response = await fetch(`${proxy.url}/health`);
    const text = await response.text();
    assert.doesNotMatch(text, new RegExp(MARK), text);
    const health = JSON.parse(text) as { unhealthy_endpoints: { model_name: string; error: string }[] };
    const failing = health.unhealthy_endpoints.find((endpoint) => endpoint.model_name === 'failing');
    assert.match(failing?.error ?? '', /Incorrect API key provided: Bearer \*\*\*\*/);
  });

  it('x-litellm-model-api-base carries the api_base without its password or query values', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-secret', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const header = response.headers.get('x-litellm-model-api-base') ?? '';
    assert.match(header, /^http:\/\/svc:\*\*\*\*@127\.0\.0\.1:\d+\/v1\?sig=sig-\*\*\*\*0002$/);
    assert.doesNotMatch(JSON.stringify([...response.headers]), new RegExp(MARK));
  });

  it('an upstream error that echoes the key reaches the client redacted', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'failing', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    assert.equal(response.status, 401, text);
    assert.doesNotMatch(text, new RegExp(MARK), text);
    assert.match(text, /Incorrect API key provided/);
  });
});
