import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import type { ProxyConfig } from './config/index.js';
import { DEFAULT_SERVER_LIMITS, serverLimitsFrom } from './server/server-limits.js';

async function startWithLog(config: Partial<ProxyConfig>): Promise<{ lines: Record<string, unknown>[] }> {
  let text = '';
  const proxy = await startTestProxy(
    { model_list: [], ...config },
    {
      logLevel: 'info',
      writeLog: (chunk) => {
        text += chunk;
      },
    },
  );
  await proxy.stop();
  return {
    lines: text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

test('without a master key, start-up warns that the proxy is open to anyone', async () => {
  const saved = { llmux: process.env.LLMUX_MASTER_KEY, litellm: process.env.LITELLM_MASTER_KEY };
  delete process.env.LLMUX_MASTER_KEY;
  delete process.env.LITELLM_MASTER_KEY;
  try {
    const open = await startWithLog({});
    const warning = open.lines.find((line) => line.level === 'warn' && /OPEN to anyone/.test(String(line.msg)));
    assert.ok(warning, 'a warn line says the proxy is open');
    const closed = await startWithLog({ general_settings: { master_key: 'sk-1234' } });
    assert.equal(closed.lines.filter((line) => /OPEN to anyone/.test(String(line.msg))).length, 0);
  } finally {
    if (saved.llmux !== undefined) process.env.LLMUX_MASTER_KEY = saved.llmux;
    if (saved.litellm !== undefined) process.env.LITELLM_MASTER_KEY = saved.litellm;
  }
});

test("environment_variables from the config override the environment's, as in LiteLLM", async () => {
  process.env.LLMUX_TEST_OVERRIDDEN = 'from-environment';
  try {
    await startWithLog({ environment_variables: { LLMUX_TEST_OVERRIDDEN: 'from-config' } });
    assert.equal(process.env.LLMUX_TEST_OVERRIDDEN, 'from-config');
  } finally {
    delete process.env.LLMUX_TEST_OVERRIDDEN;
  }
});

test('server limits: general_settings first, then KEEPALIVE_TIMEOUT, then the defaults', () => {
  assert.deepEqual(serverLimitsFrom({}, {}), DEFAULT_SERVER_LIMITS);
  assert.equal(serverLimitsFrom({}, { KEEPALIVE_TIMEOUT: '30' }).keepAliveTimeoutMs, 30_000);
  assert.deepEqual(
    serverLimitsFrom(
      {
        client_headers_timeout_seconds: 5,
        client_request_timeout_seconds: 120,
        keepalive_timeout: 2.5,
        max_connections: 100.7,
      },
      { KEEPALIVE_TIMEOUT: '30' },
    ),
    { headersTimeoutMs: 5000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 2500, maxConnections: 100 },
  );
  assert.equal(serverLimitsFrom({}, { KEEPALIVE_TIMEOUT: 'soon' }).keepAliveTimeoutMs, 65_000);
});
