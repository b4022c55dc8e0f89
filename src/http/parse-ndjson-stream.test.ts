import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNdjsonStream } from './parse-ndjson-stream.js';

const encoder = new TextEncoder();

async function* bytesOf(parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield encoder.encode(part);
}

async function collect(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of stream) values.push(value);
  return values;
}

describe('parseNdjsonStream', () => {
  it('yields one value per line, whatever the byte boundaries, and a last line without a newline', async () => {
    const text = '{"a":1}\n\n{"b":"x\\ny"}\r\n{"c":[1,2]}';
    const expected = [{ a: 1 }, { b: 'x\ny' }, { c: [1, 2] }];
    for (let cut = 0; cut <= text.length; cut++) {
      assert.deepEqual(await collect(parseNdjsonStream(bytesOf([text.slice(0, cut), text.slice(cut)]))), expected);
    }
    assert.deepEqual(await collect(parseNdjsonStream(bytesOf([...text]))), expected);
  });

  it('stops reading a line that grows past the limit without ending, and releases the upstream', async () => {
    let pulled = 0;
    let released = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        yield encoder.encode('{"ok":true}\n');
        while (true) {
          pulled++;
          yield encoder.encode('x'.repeat(1024));
        }
      } finally {
        released = true;
      }
    }
    const seen: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const value of parseNdjsonStream(endless(), 64 * 1024)) seen.push(value);
      })(),
      (error: Error & { code?: string }) => error.code === 'stream_event_too_large',
    );
    assert.deepEqual(seen, [{ ok: true }]);
    assert.ok(pulled < 100, `read ${pulled} KB past a 64 KB limit`);
    assert.equal(released, true);
  });
});
