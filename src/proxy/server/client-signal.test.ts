import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from '../../http/with-retries.js';
import { resolveCall } from '../../sdk/resolve-call.js';
import { ClientSignal } from './client-signal.js';

test('abort calls each listener once, with aborted and reason set first; removed and late listeners are not called', () => {
  const signal = new ClientSignal();
  const calls: string[] = [];
  const removed = () => calls.push('removed');
  signal.addEventListener('abort', () => calls.push(`first:${signal.aborted}:${String(signal.reason)}`));
  signal.addEventListener('abort', removed);
  signal.addEventListener('abort', () => calls.push('second'));
  signal.removeEventListener('abort', removed);
  signal.abort('gone');
  signal.abort('again');
  signal.addEventListener('abort', () => calls.push('late'));
  assert.deepEqual(calls, ['first:true:gone', 'second']);
  assert.equal(signal.reason, 'gone');
});

test("the SDK's cancellation follows a ClientSignal: the call's own AbortSignal fires and a retry sleep ends", async () => {
  const signal = new ClientSignal();
  const call = resolveCall('openai/gpt-4o-mini', { api_key: 'sk-test', api_base: 'http://127.0.0.1:9' }, { signal });
  const waiting = sleep(60_000, signal);
  const reason = new DOMException('client disconnected', 'AbortError');
  signal.abort(reason);
  assert.equal(call.context.signal?.aborted, true);
  assert.equal(call.context.signal?.reason, reason);
  await assert.rejects(waiting, (error) => error === reason);
  call.dispose();
});
