import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestLog, type RequestLogEntry } from './request-log.js';

function capture(level: ConstructorParameters<typeof RequestLog>[0]) {
  const written: string[] = [];
  return { log: new RequestLog(level, (text) => written.push(text)), written };
}

test('request lines are one JSON object per line, with time, level and msg first, written later in one batch', async () => {
  const { log, written } = capture('info');
  const entry: RequestLogEntry = {
    request_id: 'r1',
    method: 'POST',
    path: '/v1/chat/completions',
    status: 200,
    latency_ms: 1.5,
  };
  log.request(entry);
  log.request({ ...entry, request_id: 'r2', model: 'gpt-4o', response_cost: 0.001 });
  assert.equal(written.length, 0, 'nothing is written on the request path');
  // The batch timer (50 ms) fires when the machine lets it: wait for the write, not for a time.
  for (let waited = 0; written.length === 0 && waited < 10_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(written.length, 1);
  const lines = (written[0] as string)
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(Object.keys(lines[0]).slice(0, 4), ['time', 'level', 'msg', 'request_id']);
  assert.equal(lines[0].msg, 'request');
  assert.ok(!Number.isNaN(Date.parse(lines[0].time)));
  assert.equal(lines[1].model, 'gpt-4o');
  assert.equal(lines[1].response_cost, 0.001);
});

test('an empty entry still makes a valid line; level error logs no requests', async () => {
  const { log, written } = capture('info');
  log.request({} as RequestLogEntry);
  log.flush();
  assert.equal(JSON.parse(written[0] as string).msg, 'request');
  const quiet = capture('error');
  quiet.log.request({ request_id: 'r', method: 'GET', path: '/', status: 200, latency_ms: 0 });
  quiet.log.flush();
  assert.equal(quiet.written.length, 0);
});

test('errors and log fields are redacted before they are written, whoever filled them', () => {
  const { log, written } = capture('info');
  const key = 'sk-proj-0123456789abcdefghijklmnop';
  log.request({
    request_id: 'r',
    method: 'POST',
    path: '/',
    status: 401,
    latency_ms: 1,
    error: `Incorrect API key provided: ${key}`,
  });
  log.log('error', `unexpected error with ${key}`, {
    error: `Error: GET https://h/v1?key=AIzaSyD-1234567890abcdefghijklmnopqrstu failed`,
    count: 2,
  });
  log.flush();
  const text = written.join('');
  assert.ok(!text.includes(key), text);
  assert.ok(!text.includes('AIzaSyD-1234567890'), text);
  assert.match(text, /"count":2/);
});
