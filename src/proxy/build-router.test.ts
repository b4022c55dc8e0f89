import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fetchTransport } from '../http/fetch-transport.js';
import { buildRouter } from './build-router.js';
import { parseConfig } from './config/index.js';

/** The multi-provider config shown in README.md and docs/routing.md. */
function documentedConfig(file: string): string {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const block = /```yaml\n(model_list:[\s\S]*?)```/.exec(text.slice(text.indexOf('multi-provider')));
  if (!block?.[1]) throw new Error(`no multi-provider yaml block in ${file}`);
  return block[1];
}

for (const file of ['README.md', 'docs/routing.md']) {
  test(`the multi-provider config in ${file} loads and configures the router`, async () => {
    const { config } = parseConfig(documentedConfig(file), {
      env: { OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b' },
    });
    const { router, state } = await buildRouter(config, fetchTransport);
    assert.equal(state, undefined, 'no Redis configured');
    assert.deepEqual(router.modelNames(), ['gpt-4o', 'claude-sonnet', 'cheap']);
    assert.equal(router.settings.strategy, 'usage-based-routing-v2');
    assert.equal(router.settings.numRetries, 2);
    assert.equal(router.settings.cooldownSeconds, 30);
    assert.equal(router.settings.timeout, 60, 'litellm_settings.request_timeout becomes the router timeout');
    assert.deepEqual(router.settings.fallbacks, [
      { 'gpt-4o': ['claude-sonnet'] },
      { 'claude-sonnet': ['gpt-4o'] },
      { cheap: ['gpt-4o'] },
    ]);
    assert.equal(router.match('cheap')?.deployments.length, 2);
  });
}
