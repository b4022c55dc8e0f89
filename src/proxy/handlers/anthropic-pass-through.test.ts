import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeEventsEnd } from './anthropic-pass-through.js';

const bytes = (text: string) => new TextEncoder().encode(text);

test('completeEventsEnd: the length up to the last blank line, LF or CRLF', () => {
  assert.equal(completeEventsEnd(bytes('event: a\ndata: {}\n\n')), 19);
  assert.equal(completeEventsEnd(bytes('event: a\ndata: {}\n\nevent: b\ndata: {"x"')), 19);
  assert.equal(completeEventsEnd(bytes('event: a\r\ndata: {}\r\n\r\nevent: b')), 22);
  assert.equal(completeEventsEnd(bytes('data: {"half')), 0);
  assert.equal(completeEventsEnd(bytes('')), 0);
});

test('completeEventsEnd: a boundary that straddles the bytes already searched is found', () => {
  // "data: x\n" was searched before; the second "\n" arrived now.
  assert.equal(completeEventsEnd(bytes('data: x\n\n'), 8), 9);
  assert.equal(completeEventsEnd(bytes('data: x\r\n\r\n'), 10), 11);
  // Bytes already searched are not searched again (a long event arriving in pieces stays linear).
  assert.equal(completeEventsEnd(bytes('data: x\n\ndata: y'), 12), 0);
});
