import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REDIS_HOST, REDIS_PORT, REDIS_URL, redisAnswers } from '../../src/store/__fixtures__/redis-test-support.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { requireCurrentBuild, requireService } from '../../test-support/service-gate.js';

const BIN = new URL('../../bin/llmux.js', import.meta.url).pathname;
const skip =
  requireCurrentBuild() ||
  requireService({
    service: 'Redis',
    available: await redisAnswers(1000),
    reason: `not reachable at ${REDIS_URL} (set LLMUX_TEST_REDIS_URL, or start one; CI does)`,
  });

function startProxyProcess(config: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, '--config', config, '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, LLMUX_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) {
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.once('exit', (code) => reject(new Error(`llmux exited with ${code}: ${output}`)));
  });
}

let upstream: MockUpstream;
before(async () => {
  upstream = await startMockUpstream((_request, response) =>
    replyJson(response, 200, {
      id: 'x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  );
});
after(() => upstream?.close());

test("two proxy processes share one Redis: a deployment's rpm limit used up through one is honoured by the other", {
  skip,
}, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'llmux-redis-'));
  const config = join(folder, 'config.yaml');
  writeFileSync(
    config,
    [
      'model_list:',
      '  - model_name: limited',
      '    litellm_params:',
      '      model: openai/gpt-4o-mini',
      `      api_base: ${upstream.url}`,
      '      api_key: sk-test',
      '      rpm: 3',
      'router_settings:',
      '  routing_strategy: usage-based-routing-v2',
      `  redis_host: ${REDIS_HOST}`,
      `  redis_port: ${REDIS_PORT}`,
      `  key_prefix: "llmux-e2e-${process.pid}-${Date.now()}:"`,
      '',
    ].join('\n'),
  );
  const first = await startProxyProcess(config);
  const second = await startProxyProcess(config);
  try {
    const call = (url: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'limited', messages: [{ role: 'user', content: 'Hi' }] }),
      });
    // rpm counts in fixed minute windows (as LiteLLM's): all four calls must fall in one.
    const secondsIntoMinute = new Date().getUTCSeconds();
    if (secondsIntoMinute > 50) await new Promise((resolve) => setTimeout(resolve, (61 - secondsIntoMinute) * 1000));
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) statuses.push((await call(first.url)).status);
    assert.deepEqual(statuses, [200, 200, 200]);
    const refused = await call(second.url);
    assert.equal(refused.status, 429, 'the second process sees the limit the first used up');
    const body = await refused.json();
    assert.match(body.error.message, /limited/);
    assert.equal(upstream.requests.length, 3);
  } finally {
    await first.stop();
    await second.stop();
  }
});
