import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readJsonFixture } from '../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

// With client-side credentials allowed, a CR/LF in a client's api_base, key or header value used to
// reach the HTTP client after routing (a 500, or a URL silently rewritten). It is a 400 at the edge.
describe('CR/LF in client-supplied URL, key and header values', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    upstream = await startMockUpstream((_request, response) =>
      replyJson(response, 200, readJsonFixture('openai/chat-text.json')),
    );
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-deployment', api_base: `${upstream.url}/v1` },
          model_info: {},
        },
      ],
      general_settings: { allow_client_side_credentials: true, client_api_base_allowlist: ['127.0.0.1'] },
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  const post = async (path: string, body: Record<string, unknown>) => {
    const response = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as { error: { param?: string; type: string } } };
  };
  const chat = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
  const injected = 'x\r\nX-Injected: 1';

  const cases: [string, Record<string, unknown>, string][] = [
    ['api_base', { api_base: `http://127.0.0.1:1/v1\r\nX-Injected: 1` }, 'api_base'],
    ['api_key', { api_key: injected }, 'api_key'],
    ['an extra_headers value', { extra_headers: { 'x-foo': injected } }, 'extra_headers.x-foo'],
    ['a headers value with a bare LF', { headers: { 'x-foo': 'a\nb' } }, 'headers.x-foo'],
    ['a header name', { extra_headers: { 'x-foo\r\nX-Injected': 'v' } }, 'extra_headers.x-foo\r\nX-Injected'],
  ];
  for (const [name, fields, param] of cases) {
    test(`${name} with CR/LF is a 400 before any upstream call`, async () => {
      for (const path of ['/v1/chat/completions', '/v1/messages']) {
        const before = upstream.requests.length;
        const body = path === '/v1/messages' ? { ...chat, max_tokens: 5, ...fields } : { ...chat, ...fields };
        const { status, json } = await post(path, body);
        assert.equal(status, 400, `${path}: ${JSON.stringify(json)}`);
        assert.equal(json.error.type, 'invalid_request_error');
        if (path !== '/v1/messages') assert.equal(json.error.param, param);
        assert.equal(upstream.requests.length, before);
      }
    });
  }

  test('clean client values still reach the upstream', async () => {
    const { status } = await post('/v1/chat/completions', { ...chat, extra_headers: { 'x-foo': 'bar' } });
    assert.equal(status, 200);
    assert.equal(upstream.requests.at(-1)?.headers['x-foo'], 'bar');
  });
});
