import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InternalServerError } from '../errors/index.js';
import { parseSseStream } from './parse-sse-stream.js';

const encoder = new TextEncoder();

test('events split across reads and CRLF line ends are parsed', async () => {
  async function* body() {
    yield encoder.encode('data: {"a":1}\r');
    yield encoder.encode('\n\r\nevent: ping\ndata: x\n');
    yield encoder.encode('\ndata: last');
  }
  const events = [];
  for await (const event of parseSseStream(body())) events.push(event);
  assert.deepEqual(events, [
    { event: undefined, data: '{"a":1}' },
    { event: 'ping', data: 'x' },
    { event: undefined, data: 'last' },
  ]);
});

test('an event that never ends is an error past the limit, and the upstream is released', async () => {
  let sent = 0;
  let released = false;
  async function* endless() {
    try {
      yield encoder.encode('data: {"ok":true}\n\ndata: "');
      const piece = encoder.encode('a'.repeat(16 * 1024));
      while (true) {
        sent += piece.length;
        yield piece;
      }
    } finally {
      released = true;
    }
  }
  const events: unknown[] = [];
  const failure = await (async () => {
    for await (const event of parseSseStream(endless(), 256 * 1024)) events.push(event);
  })().catch((error: unknown) => error);
  assert.ok(failure instanceof InternalServerError);
  assert.match(failure.message, /stream event larger than/);
  assert.deepEqual(events, [{ event: undefined, data: '{"ok":true}' }], 'the events before it were delivered');
  assert.ok(released);
  assert.ok(sent < 512 * 1024);
});

test('many small events add up to more than the limit without tripping it', async () => {
  async function* many() {
    for (let index = 0; index < 200; index++) yield encoder.encode(`data: ${'x'.repeat(1000)}\n\n`);
  }
  let count = 0;
  for await (const _event of parseSseStream(many(), 10_000)) count++;
  assert.equal(count, 200);
});
