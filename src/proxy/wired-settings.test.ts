import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { ROUTER_SETTING_NAMES } from '../router/index.js';
import { redisSettingsFrom } from '../store/redis-settings.js';
import { IMPLEMENTED } from './config/index.js';

/** A settings section that records every key read from it; `value` answers each (none by default). */
function recorder(read: Set<string>, value: (key: string) => unknown = () => undefined): Record<string, unknown> {
  return new Proxy<Record<string, unknown>>(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return undefined;
        read.add(key);
        return value(key);
      },
    },
  );
}

const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

// The start-up warnings say "not implemented yet" of every LiteLLM setting outside IMPLEMENTED: this
// keeps IMPLEMENTED equal to what starting the proxy actually reads (and the router then applies).
test('the settings called implemented are exactly the ones the proxy reads at start-up', async () => {
  const litellmRead = new Set<string>();
  const routerRead = new Set<string>();
  const proxy = await startTestProxy({
    model_list: [{ model_name: 'm', litellm_params: { model: 'openai/gpt-4o', mock_response: 'hi' }, model_info: {} }],
    litellm_settings: recorder(litellmRead),
    router_settings: recorder(routerRead),
  });
  await proxy.stop();
  assert.deepEqual(sorted(litellmRead), sorted(IMPLEMENTED.litellm_settings));
  // Redis settings are read only when one names a server (not started here): read them all directly.
  const redisRead = new Set<string>();
  redisSettingsFrom(
    recorder(redisRead, (key) => (key === 'redis_url' ? undefined : 'x')),
    {},
  );
  // router_settings reach the router whole; it reads ROUTER_SETTING_NAMES (router-names.test.ts proves it).
  assert.deepEqual(sorted([...routerRead, ...redisRead, ...ROUTER_SETTING_NAMES]), sorted(IMPLEMENTED.router_settings));
});
