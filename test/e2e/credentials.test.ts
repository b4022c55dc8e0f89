import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeploymentConfig } from '../../src/proxy/config/index.js';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import {
  type MockUpstream,
  type RecordedRequest,
  replyJson,
  startMockUpstream,
} from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

// Every server-side secret carries this mark, so one search finds any of them in what the client's host received.
const MARK = 'SRVSECRET';

/** Credentials in the server's environment, for every provider kind under test. */
const ENVIRONMENT: Record<string, string> = {
  OPENAI_API_KEY: `sk-env-openai-${MARK}-1`,
  OPENAI_ORGANIZATION: `org-env-${MARK}-2`,
  AZURE_API_KEY: `azure-env-key-${MARK}-3`,
  AZURE_OPENAI_API_KEY: `azure-env-key2-${MARK}-4`,
  AZURE_AD_TOKEN: `eyJhbGciOiJub25lIn0.env-ad-token-${MARK}-5.x`,
  ANTHROPIC_API_KEY: `sk-ant-env-${MARK}-6`,
  GEMINI_API_KEY: `AIza-env-gemini-${MARK}-7`,
  GOOGLE_API_KEY: `AIza-env-google-${MARK}-8`,
  GROQ_API_KEY: `gsk_env_groq_${MARK}_9`,
};

/** Credentials a deployment sets in the config: keys, tokens, organization, headers and provider extras. */
function configSecrets(kind: string): Record<string, unknown> {
  return {
    api_key: `cfg-${kind}-key-${MARK}`,
    azure_ad_token: `cfg-${kind}-ad-token-${MARK}`,
    organization: `cfg-${kind}-org-${MARK}`,
    extra_headers: { 'x-config-extra': `cfg-${kind}-extra-header-${MARK}` },
    headers: { 'x-config-header': `cfg-${kind}-header-${MARK}` },
    azure_client_secret: `cfg-${kind}-client-secret-${MARK}`,
    api_token: `cfg-${kind}-api-token-${MARK}`,
    vendor_extra: `cfg-${kind}-extra-field-${MARK}`,
  };
}

const KINDS = {
  openai: 'openai/gpt-4o',
  azure: 'azure/my-deployment',
  anthropic: 'anthropic/claude-sonnet-4-5',
  gemini: 'gemini/gemini-2.0-flash',
  groq: 'groq/llama-3.1-8b-instant',
} as const;

/** Per kind: one deployment whose secrets are in the config, one that relies on the environment. */
function modelList(realUpstream: string): DeploymentConfig[] {
  return Object.entries(KINDS).flatMap(([kind, model]) => [
    {
      model_name: `${kind}-config`,
      litellm_params: { model, api_base: realUpstream, ...configSecrets(kind) },
      model_info: {},
    },
    { model_name: `${kind}-env`, litellm_params: { model }, model_info: {} },
  ]);
}

/** Everything a request put on the wire: method, path and query, headers and body. */
function wire(request: RecordedRequest): string {
  return `${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
}

describe('no server credential ever reaches a client-supplied api_base', () => {
  let clientHost: MockUpstream;
  let realUpstream: MockUpstream;
  let proxy: RunningProxy;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    for (const [name, value] of Object.entries(ENVIRONMENT)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    // Stands in for the URL a client chose; answers 400 so no retry or fallback hides a request.
    clientHost = await startMockUpstream((_request, response) =>
      replyJson(response, 400, { error: { message: 'client host', type: 'invalid_request_error' } }),
    );
    realUpstream = await startMockUpstream((_request, response) => replyJson(response, 500, { error: 'unused' }));
    proxy = await startTestProxy({
      model_list: modelList(realUpstream.url),
      general_settings: { allow_client_side_credentials: true, client_api_base_allowlist: ['127.0.0.1'] },
    });
  });

  after(async () => {
    await proxy.stop();
    await clientHost.close();
    await realUpstream.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function post(path: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const response = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  for (const kind of Object.keys(KINDS)) {
    for (const source of ['config', 'env'] as const) {
      it(`${kind} (${source} credentials): the client's host gets the client's key and nothing of the server's`, async () => {
        const model = `${kind}-${source}`;
        const before = clientHost.requests.length;
        const clientKey = `client-own-key-${kind}-${source}`;
        const answer = await post('/v1/chat/completions', {
          model,
          messages: [{ role: 'user', content: 'hi' }],
          api_base: `${clientHost.url}/v1`,
          api_key: clientKey,
        });
        assert.doesNotMatch(answer.text, new RegExp(MARK));
        const received = clientHost.requests.slice(before);
        assert.ok(received.length >= 1, `the call went to the client's host (${answer.status} ${answer.text})`);
        for (const request of received) {
          assert.doesNotMatch(
            wire(request),
            new RegExp(MARK),
            `a server secret reached the client's host: ${wire(request)}`,
          );
          assert.match(wire(request), new RegExp(clientKey), 'signed with the key the client sent');
        }
        assert.equal(realUpstream.requests.length, 0, "the deployment's own upstream is never called");
      });
    }
  }

  async function assertNothingOfTheServerSent(calls: [string, Record<string, unknown>][]): Promise<void> {
    const before = clientHost.requests.length;
    for (const [path, body] of calls) {
      const answer = await post(path, { ...body, api_base: clientHost.url });
      assert.doesNotMatch(answer.text, new RegExp(MARK), `${path} ${String(body.model)}`);
    }
    for (const request of clientHost.requests.slice(before)) {
      assert.doesNotMatch(
        wire(request),
        new RegExp(MARK),
        `a server secret reached the client's host: ${wire(request)}`,
      );
    }
    assert.equal(realUpstream.requests.length, 0);
  }

  const models = Object.keys(KINDS).flatMap((kind) => [`${kind}-config`, `${kind}-env`]);

  it('without a client key, nothing is signed with a server key either (chat, embeddings)', async () => {
    await assertNothingOfTheServerSent(
      models.flatMap((model): [string, Record<string, unknown>][] => [
        ['/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }],
        ['/v1/embeddings', { model, input: 'hi' }],
      ]),
    );
  });

  it('nothing of the server reaches the client host through /v1/messages either', async () => {
    await assertNothingOfTheServerSent(
      models.flatMap((model): [string, Record<string, unknown>][] => [
        ['/v1/messages', { model, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }],
        ['/v1/messages', { model, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], api_key: 'client-key' }],
      ]),
    );
  });

  it('a body cannot set the gateway marker itself', async () => {
    const answer = await post('/v1/chat/completions', {
      model: 'openai-env',
      messages: [{ role: 'user', content: 'hi' }],
      llmux_client_supplied_base: { credentials: { api_base: realUpstream.url } },
    });
    assert.equal(answer.status, 400);
    assert.match(answer.text, /llmux_client_supplied_base is not allowed/);
  });
});
