import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readJsonFixture } from '../../../test-support/fixtures.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../../test-support/mock-upstream.js';
import { completion } from '../../sdk/completion.js';
import { type ClientCredentialPolicy, clientCredentialOverlay } from '../client-credentials.js';
import { createUndiciTransport } from '../undici-transport.js';
import type { ResolveHost } from './api-base-guard.js';

const PUBLIC_ADDRESS = '93.184.216.34';

/** A resolver under test control: answers from `answers` in turn (the last one repeats), counting calls. */
function scriptedResolver(answers: string[]): ResolveHost & { calls: number } {
  const resolve = async () => {
    const address = answers[Math.min(resolve.calls, answers.length - 1)] as string;
    resolve.calls += 1;
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  resolve.calls = 0;
  return resolve;
}

const chatReply = readJsonFixture<{ choices: { message: { content: string } }[] }>('openai/chat-text.json');

/** The proxy's path for one request: the credential overlay, then the SDK call on the undici transport. */
async function callThroughClientBase(options: { policy: ClientCredentialPolicy; apiBase: string }) {
  const body: Record<string, unknown> = { api_base: options.apiBase, api_key: 'client-key' };
  const overlay = await clientCredentialOverlay({
    body,
    groupParams: [{ model: 'openai/gpt-4o' }],
    policy: options.policy,
  });
  const { transport, close } = createUndiciTransport();
  try {
    return await completion(
      { ...overlay, model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }], num_retries: 0 },
      { transport },
    );
  } finally {
    await close();
  }
}

describe('client api_base: the address checked is the address connected to', () => {
  let upstream: MockUpstream;
  let port: string;
  before(async () => {
    upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatReply));
    port = new URL(upstream.url).port;
  });
  after(() => upstream.close());

  /** A call to the client base `rebind.test` fails with the guard's refusal. */
  async function assertRefusedAtConnect(resolve: ReturnType<typeof scriptedResolver>): Promise<void> {
    await assert.rejects(
      callThroughClientBase({
        policy: { allowAll: true, apiBaseAllowlist: [], resolve },
        apiBase: `http://rebind.test:${port}/v1`,
      }),
      (error: Error) => /private or local address/.test(error.message),
    );
  }

  it('refuses the connection when the name answers a public address to the check, then 127.0.0.1 (DNS rebinding)', async () => {
    const resolve = scriptedResolver([PUBLIC_ADDRESS, '127.0.0.1']);
    const before = upstream.requests.length;
    await assertRefusedAtConnect(resolve);
    assert.ok(resolve.calls >= 2, 'the connector resolved the name again and checked that answer');
    assert.equal(upstream.requests.length, before, 'the loopback upstream was never reached');
  });

  it('refuses an IPv4-mapped loopback answer at connect time', async () => {
    const resolve = scriptedResolver([PUBLIC_ADDRESS, '::ffff:127.0.0.1']);
    const before = upstream.requests.length;
    await assertRefusedAtConnect(resolve);
    assert.equal(upstream.requests.length, before);
  });

  it('connects when the address the connector resolves is allow-listed (control)', async () => {
    const resolve = scriptedResolver(['127.0.0.1']);
    const before = upstream.requests.length;
    const response = await callThroughClientBase({
      policy: { allowAll: true, apiBaseAllowlist: ['127.0.0.0/8'], resolve },
      apiBase: `http://allowed.test:${port}/v1`,
    });
    assert.equal(response.choices[0]?.message.content, chatReply.choices[0]?.message.content);
    assert.equal(upstream.requests.length, before + 1);
    assert.equal(upstream.requests.at(-1)?.headers.authorization, 'Bearer client-key');
    assert.ok(resolve.calls >= 2, 'checked once up front and once by the connector');
  });
});
