import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exceedsJsonDepth } from './exceeds-json-depth.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

test('counts arrays and objects, and stops at the limit', () => {
  assert.equal(exceedsJsonDepth(bytes(nested(3)), 3), false);
  assert.equal(exceedsJsonDepth(bytes(nested(4)), 3), true);
  assert.equal(exceedsJsonDepth(bytes('{"a":{"b":[{"c":1}]}}'), 4), false);
  assert.equal(exceedsJsonDepth(bytes('{"a":{"b":[{"c":{}}]}}'), 4), true);
  // Siblings do not add up: depth is how deep, not how many.
  assert.equal(exceedsJsonDepth(bytes(`[${Array(50).fill('[1]').join(',')}]`), 2), false);
});

test('brackets inside strings do not count, escaped quotes do not end the string', () => {
  assert.equal(exceedsJsonDepth(bytes(JSON.stringify({ text: '[[[[[[[[{{{{{{' })), 2), false);
  assert.equal(exceedsJsonDepth(bytes(JSON.stringify({ text: 'say \\"[[[[[[" and \\ \\\\' })), 2), false);
  // `\\"` ends the string: the brackets after it count.
  assert.equal(exceedsJsonDepth(bytes('["a\\\\",[[[1]]]]'), 3), true);
  assert.equal(exceedsJsonDepth(bytes('["a\\"",[[[1]]]]'), 3), true);
  assert.equal(exceedsJsonDepth(bytes('["a\\",[[[1]]]]'), 3), false, 'still inside the string');
});

test('multi-byte UTF-8 text is skipped like any other string', () => {
  assert.equal(exceedsJsonDepth(bytes(JSON.stringify({ text: 'héllo [世界] 🙂'.repeat(100) })), 1), false);
});

test('a 20 MB body of `[` is rejected without walking all of it', () => {
  assert.equal(exceedsJsonDepth(new Uint8Array(20_000_000).fill(0x5b), 100), true);
});

test('an unterminated string or a short body is left to the parser', () => {
  assert.equal(exceedsJsonDepth(bytes('["[[[[[[[['), 2), false);
  assert.equal(exceedsJsonDepth(bytes('[['), 5), false);
});
