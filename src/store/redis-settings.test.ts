import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisSettingsFrom } from './redis-settings.js';

test('redis_ssl written as a YAML boolean is kept (it was dropped as not text)', () => {
  const settings = redisSettingsFrom({ redis_host: 'cache', redis_port: 6380, redis_ssl: true }, {});
  assert.deepEqual(settings, { redis_host: 'cache', redis_port: '6380', redis_ssl: 'true' });
});
