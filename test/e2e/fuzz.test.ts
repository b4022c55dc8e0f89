import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../test-support/fixtures.js';
import { type FuzzCase, fuzzCases, validChat, validMessages } from '../../test-support/fuzz-requests.js';
import {
  type MockUpstream,
  type RecordedRequest,
  replyJson,
  replySse,
  startMockUpstream,
} from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

/*
 * Property: whatever a client sends (bodies, headers, paths), the proxy answers in time with a
 * status below 500 (the mock upstream always succeeds, so a 5xx can only be the proxy's own
 * failure), an error envelope for every status >= 400, no stack trace and no secret; and it is
 * still up afterwards. Bounded and seeded: FUZZ_SEED / FUZZ_RUNS override the defaults.
 */

const MASTER_KEY = 'sk-master-FUZZ-5c1e0a77d2b94f3e';
const UPSTREAM_KEY = 'sk-upstream-SECRET-9f2d4b7a1c3e5a8d';
const ANTHROPIC_KEY = 'sk-ant-upstream-SECRET-4e8b2c6d0a1f3b5c';
const SECRETS = [MASTER_KEY, UPSTREAM_KEY, ANTHROPIC_KEY, '5c1e0a77d2b94f3e', '9f2d4b7a1c3e5a8d', '4e8b2c6d0a1f3b5c'];
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const REQUEST_TIMEOUT_MS = 10_000;
const STACK_TRACE = /\n\s+at \S|\bat [\w$.<>]+ \(|\.ts:\d+|\.m?js:\d+:\d+|node:internal/;
// Error types that can only mean the proxy (or an upstream, which never fails here) broke.
const SERVER_ERROR_TYPES =
  /"type":"(internal_server_error|api_connection_error|api_error|service_unavailable_error|overloaded_error)"/;

const chatLines = readChunkLines('openai/chat-text.chunks.txt');
const completionLines = readChunkLines('openai/completion-text.chunks.txt');
const anthropicLines = readChunkLines('anthropic/text.chunks.txt');

/** An upstream that always succeeds, in the format the path asks for. */
function answerOk(request: RecordedRequest, response: ServerResponse): Promise<void> | void {
  let body: { stream?: unknown } = {};
  try {
    body = request.json();
  } catch {}
  const stream = body?.stream === true;
  if (request.url.includes('/v1/messages')) {
    if (request.url.endsWith('/count_tokens')) return replyJson(response, 200, { input_tokens: 3 });
    if (stream) return replySse(response, toSseFrames(anthropicLines, 'anthropic'), { splitRandomly: false });
    return replyJson(response, 200, readJsonFixture('anthropic/text.json'));
  }
  if (request.url.includes('/embeddings')) return replyJson(response, 200, readJsonFixture('openai/embedding.json'));
  if (request.url.includes('/chat/completions')) {
    if (stream) return replySse(response, toSseFrames(chatLines, 'openai'), { splitRandomly: false });
    return replyJson(response, 200, readJsonFixture('openai/chat-text.json'));
  }
  if (stream) return replySse(response, toSseFrames(completionLines, 'openai'), { splitRandomly: false });
  return replyJson(response, 200, readJsonFixture('openai/completion-text.json'));
}

// ---- the property ------------------------------------------------------------------------------

function describeCase(input: FuzzCase): string {
  return JSON.stringify({
    ...input,
    body: input.body.length > 300 ? `${input.body.slice(0, 300)}… (${input.body.length} chars)` : input.body,
  });
}

function isErrorEnvelope(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const error = (value as { error?: { message?: unknown; type?: unknown } }).error;
  return !!error && typeof error.message === 'string' && typeof error.type === 'string';
}

/** How many answers had each status, reported with the test so a drift in coverage shows. */
const statusCounts = new Map<number, number>();

async function checkResponse(proxyUrl: string, input: FuzzCase, timeoutMs = REQUEST_TIMEOUT_MS): Promise<void> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${proxyUrl}${input.path}`, {
      method: input.method,
      headers: input.headers,
      ...(input.method === 'GET' ? {} : { body: input.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new Error(`no complete answer within ${timeoutMs} ms (${String(error)})`);
  }
  statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
  const where = `${response.status} for ${describeCase(input)}: ${text.slice(0, 300)}`;
  assert.ok(response.status < 500, `a server error for a client's request: ${where}`);
  assert.ok(!STACK_TRACE.test(text), `a stack trace in the answer: ${where}`);
  const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  for (const secret of SECRETS) {
    assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 12)}…) in the body: ${where}`);
    assert.ok(
      !headerText.includes(secret),
      `a secret (${secret.slice(0, 12)}…) in the headers: ${where}\n${headerText}`,
    );
  }
  if (response.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      assert.fail(`an error answer that is not JSON: ${where}`);
    }
    assert.ok(isErrorEnvelope(parsed), `an error answer without the error envelope: ${where}`);
  } else if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    // The upstream never fails: an error event in a stream is the proxy's own failure.
    assert.ok(!SERVER_ERROR_TYPES.test(text), `a server error inside a stream: ${where}`);
  }
}

describe('the fuzz checks themselves', () => {
  // A property that cannot fail proves nothing: each bad answer below must be caught.
  const badAnswers: Record<string, (response: ServerResponse) => void> = {
    'a 5xx': (response) => replyJson(response, 500, { error: { message: 'boom', type: 'internal_server_error' } }),
    'a stack trace': (response) =>
      replyJson(response, 400, {
        error: { message: 'Error: x\n    at handler (/app/src/proxy/gateway.ts:12:3)', type: 'invalid_request_error' },
      }),
    'a secret in the body': (response) => replyJson(response, 200, { key: UPSTREAM_KEY }),
    'a secret in a header': (response) =>
      replyJson(response, 200, {}, { 'x-litellm-model-api-base': `http://u?key=${MASTER_KEY}` }),
    'an error that is not JSON': (response) => {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('bad request');
    },
    'an error without the envelope': (response) => replyJson(response, 404, { detail: 'Not Found' }),
    'a server error inside a stream': (response) =>
      void replySse(response, ['data: {"error":{"message":"x","type":"api_connection_error"}}\n\n'], {
        splitRandomly: false,
      }),
    'a hang': () => {},
  };
  let server: MockUpstream;
  before(async () => {
    server = await startMockUpstream((request, response) =>
      badAnswers[decodeURIComponent(request.url.slice(1))]?.(response),
    );
  });
  after(() => server.close());

  for (const name of Object.keys(badAnswers)) {
    test(`${name} fails the property`, async () => {
      const input = { method: 'POST', path: `/${encodeURIComponent(name)}`, headers: {}, body: '{}' };
      await assert.rejects(checkResponse(server.url, input, 300));
    });
  }
});

describe('fuzzing the running proxy', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    upstream = await startMockUpstream(answerOk);
    proxy = await startTestProxy({
      model_list: [
        {
          model_name: 'gpt',
          litellm_params: { model: 'openai/gpt-4.1-nano', api_base: `${upstream.url}/v1`, api_key: UPSTREAM_KEY },
          model_info: {},
        },
        {
          model_name: 'claude',
          litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_base: upstream.url, api_key: ANTHROPIC_KEY },
          model_info: {},
        },
      ],
      general_settings: { master_key: MASTER_KEY },
    });
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  test('a normal request succeeds (the fixture is sound)', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
      body: JSON.stringify(validChat),
    });
    assert.equal(response.status, 200);
  });

  test(`generated bodies, headers and paths (seed ${SEED}, ${RUNS} runs): in time, no 5xx, envelopes, no traces, no secrets`, async (t) => {
    statusCounts.clear();
    const failures = upstream.requests.length;
    await fc.assert(
      fc.asyncProperty(fuzzCases(MASTER_KEY), (input) => checkResponse(proxy.url, input)),
      // No shrinking: every run is a real HTTP exchange; the failing case is printed whole (cut at 300 characters).
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statusCounts].sort(([a], [b]) => a - b)))}`);
    assert.ok(upstream.requests.length > failures, 'some generated requests reached the upstream');
  });

  test('the proxy is still up and answers a normal request afterwards', async () => {
    for (const [route, payload] of [
      ['/v1/chat/completions', validChat],
      ['/v1/messages', validMessages],
    ] as const) {
      const response = await fetch(`${proxy.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      assert.equal(response.status, 200, await response.text());
    }
  });
});
