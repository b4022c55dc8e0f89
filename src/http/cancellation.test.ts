import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveCall } from '../sdk/resolve-call.js';
import type { Transport, TransportRequest } from '../spec/transport.js';
import { abortSignalOf, Cancellation } from './cancellation.js';
import { sendRequest } from './send-request.js';
import { sleep } from './with-retries.js';

test('abort calls each listener once, with aborted and reason set first; removed and late listeners are not called', () => {
  const cancellation = new Cancellation();
  const calls: string[] = [];
  const removed = () => calls.push('removed');
  cancellation.addEventListener('abort', () =>
    calls.push(`first:${cancellation.aborted}:${String(cancellation.reason)}`),
  );
  cancellation.addEventListener('abort', removed);
  cancellation.addEventListener('abort', () => calls.push('second'));
  cancellation.removeEventListener('abort', removed);
  cancellation.abort('gone');
  cancellation.abort('again');
  cancellation.addEventListener('abort', () => calls.push('late'));
  assert.deepEqual(calls, ['first:true:gone', 'second']);
  assert.equal(cancellation.reason, 'gone');
});

test('abort without a reason gives an AbortError, as AbortController does', () => {
  const cancellation = new Cancellation();
  cancellation.abort();
  assert.equal((cancellation.reason as DOMException).name, 'AbortError');
});

test('toAbortSignal is a standard AbortSignal that follows, made before or after the abort', () => {
  const before = new Cancellation();
  const signal = before.toAbortSignal();
  assert.ok(signal instanceof AbortSignal);
  assert.equal(signal.aborted, false);
  before.abort('stop');
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, 'stop');
  assert.equal(before.toAbortSignal(), signal);
  const after = new Cancellation();
  after.abort('late');
  assert.equal(after.toAbortSignal().reason, 'late');
});

test("a call follows its caller's signal: the context's cancel and AbortSignal fire, and a retry sleep ends", async () => {
  const caller = new Cancellation();
  const call = resolveCall(
    'openai/gpt-4o-mini',
    { api_key: 'sk-test', api_base: 'http://127.0.0.1:9' },
    { signal: caller },
  );
  const standard = abortSignalOf(call.context.cancel);
  const waiting = sleep(60_000, call.cancellation);
  const reason = new DOMException('client disconnected', 'AbortError');
  caller.abort(reason);
  assert.equal(call.context.cancel?.aborted, true);
  assert.equal(standard?.aborted, true);
  assert.equal(standard?.reason, reason);
  await assert.rejects(waiting, (error) => error === reason);
  call.dispose();
});

test("a call's timeout aborts it with a TimeoutError", async () => {
  const call = resolveCall('openai/gpt-4o-mini', { api_key: 'sk-test', api_base: 'http://127.0.0.1:9', timeout: 0.01 });
  // The call's timer is unref'd (it must not hold a process open): this one keeps the test's loop alive.
  const keepAlive = setTimeout(() => undefined, 5_000);
  await new Promise((resolve) => call.cancellation.addEventListener('abort', () => resolve(undefined)));
  clearTimeout(keepAlive);
  assert.equal((call.cancellation.reason as DOMException).name, 'TimeoutError');
  call.dispose();
});

test('a transport that reads `signal` gets a standard AbortSignal that follows the call; `cancel` is the light one', async () => {
  const seen: TransportRequest[] = [];
  const transport: Transport = async (request) => {
    seen.push(request);
    return { status: 200, headers: {}, body: (async function* () {})(), text: async () => '{}' };
  };
  const caller = new Cancellation();
  const call = resolveCall(
    'openai/gpt-4o-mini',
    { api_key: 'sk-test', api_base: 'http://127.0.0.1:9' },
    { signal: caller, transport },
  );
  await sendRequest({ context: call.context, provider: 'openai', url: 'http://127.0.0.1:9/v1/x', headers: {} });
  const request = seen[0] as TransportRequest;
  assert.equal(request.cancel, call.cancellation);
  const signal = request.signal as AbortSignal;
  assert.ok(signal instanceof AbortSignal);
  caller.abort('stop');
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, 'stop');
  call.dispose();
});
