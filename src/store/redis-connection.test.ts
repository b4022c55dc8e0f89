import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRedisTarget, redisSettingsFrom } from './redis-settings.js';

test('nothing configured means no Redis', () => {
  assert.equal(redisSettingsFrom(undefined, {}), undefined);
  assert.equal(redisSettingsFrom({ num_retries: 2, redis_url: '  ' }, {}), undefined);
});

test('router_settings win over the environment; a URL over host and port', () => {
  const env = { REDIS_URL: 'redis://env:6379', REDIS_HOST: 'envhost', REDIS_PASSWORD: 'envpass' };
  assert.deepEqual(redisSettingsFrom({ redis_url: 'redis://config:6380', redis_host: 'ignored' }, env), {
    redis_url: 'redis://config:6380',
  });
  assert.deepEqual(redisSettingsFrom({ redis_host: 'cache', redis_port: 1992, redis_password: 'secret' }, env), {
    redis_host: 'cache',
    redis_port: '1992',
    redis_password: 'secret',
  });
  // A host in the config takes its password from the environment when the config has none.
  assert.deepEqual(redisSettingsFrom({ redis_host: 'cache' }, env), {
    redis_host: 'cache',
    redis_password: 'envpass',
  });
});

test('the environment alone: REDIS_URL, else REDIS_HOST / REDIS_PORT / REDIS_PASSWORD', () => {
  assert.deepEqual(redisSettingsFrom({}, { REDIS_URL: 'redis://env:6379' }), { redis_url: 'redis://env:6379' });
  assert.deepEqual(redisSettingsFrom({}, { REDIS_HOST: 'localhost', REDIS_PORT: '6329', REDIS_PASSWORD: 'eYVX71' }), {
    redis_host: 'localhost',
    redis_port: '6329',
    redis_password: 'eYVX71',
  });
});

test('key_prefix passes through; log descriptions hide the password', () => {
  assert.deepEqual(redisSettingsFrom({ redis_url: 'redis://h:1', key_prefix: 'team-a:' }, {}), {
    redis_url: 'redis://h:1',
    key_prefix: 'team-a:',
  });
  assert.equal(
    describeRedisTarget({ redis_url: 'redis://user:hunter2@cache:6379/0' }),
    'redis://user:***@cache:6379/0',
  );
  assert.equal(describeRedisTarget({ redis_host: 'cache', redis_port: 1992, redis_password: 'x' }), 'cache:1992');
});
