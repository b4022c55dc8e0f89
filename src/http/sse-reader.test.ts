import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../test-support/mock-upstream.js';
import { InternalServerError } from '../errors/index.js';
import { parseSseEvent, readSseEvents, type SseEvent, SseReader } from './sse-reader.js';

const encoder = new TextEncoder();

async function* reads(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield encoder.encode(text);
}

/** The bytes of `text` cut into random pieces (seeded), down to one byte, through multi-byte characters. */
async function* randomPieces(text: string, seed: number): AsyncGenerator<Uint8Array> {
  const bytes = encoder.encode(text);
  const random = seededRandom(seed);
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(random() * 12);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function read(body: AsyncIterable<Uint8Array>, max?: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(body, max)) events.push(event);
  return events;
}

const fields = (events: SseEvent[]) => events.map(({ event, data }) => ({ event, data }));

/** The test's own reading of the SSE grammar, on the whole text at once (no reads to split across). */
function expectedEvents(text: string): { event: string | undefined; data: string }[] {
  const events: { event: string | undefined; data: string }[] = [];
  let current: { event: string | undefined; data: string[] } | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (current) events.push({ event: current.event, data: current.data.join('\n') });
      current = undefined;
      continue;
    }
    current ??= { event: undefined, data: [] };
    const match = /^([^:]*)(?::( ?)(.*))?$/.exec(line) as RegExpExecArray;
    if (match[1] === 'data') current.data.push(match[3] ?? '');
    if (match[1] === 'event') current.event = match[3] || undefined;
  }
  if (current) events.push({ event: current.event, data: current.data.join('\n') });
  return events;
}

const MIXED =
  ': hello\n\n' +
  'event: message_start\r\ndata: {"type":"message_start","text":"héllo 👋"}\r\n\r\n' +
  'data: line one\ndata: line two\n\n' +
  '\n\nevent: ping\rdata:no-space\r\r' +
  'id: 7\nretry: 100\ndata: {"usage":null}\n\n' +
  'data:  two spaces\r\n\r\n' +
  'event: last\ndata: [DONE]';

test('events split across reads and CRLF line ends are parsed', async () => {
  const events = await read(reads('data: {"a":1}\r', '\n\r\nevent: ping\ndata: x\n', '\ndata: last'));
  assert.deepEqual(fields(events), [
    { event: undefined, data: '{"a":1}' },
    { event: 'ping', data: 'x' },
    { event: undefined, data: 'last' },
  ]);
  assert.deepEqual(
    events.map((event) => event.raw),
    ['data: {"a":1}\r\n\r\n', 'event: ping\ndata: x\n\n', 'data: last'],
  );
});

test('random byte splits: the same events as the whole text, and the raws join back to it exactly', async () => {
  const expected = expectedEvents(MIXED);
  assert.equal(expected.length, 7, 'the reference reading sees every event');
  for (const seed of [1, 2, 3, 7, 42, 99, 1234, 4321]) {
    const events = await read(randomPieces(MIXED, seed));
    assert.deepEqual(fields(events), expected, `seed ${seed}`);
    assert.equal(events.map((event) => event.raw).join(''), MIXED, `seed ${seed}`);
    for (const event of events.slice(0, -1)) assert.match(event.raw, /(\r\n|\r|\n)(\r\n|\r|\n)$/, `seed ${seed}`);
  }
});

test('every single cut point of a CR, CRLF and LF text gives the same events and raws', async () => {
  const text = 'data: a\r\n\r\ndata: b\r\rdata: c\n\n: note\r\n\r\ndata: d\r\n';
  const whole = await read(reads(text));
  assert.deepEqual(
    whole.map((event) => event.raw),
    ['data: a\r\n\r\n', 'data: b\r\r', 'data: c\n\n', ': note\r\n\r\n', 'data: d\r\n'],
  );
  for (let cut = 1; cut < text.length; cut++) {
    const split = await read(reads(text.slice(0, cut), text.slice(cut)));
    assert.deepEqual(
      split.map((event) => event.raw),
      whole.map((event) => event.raw),
      `cut at ${cut}`,
    );
  }
});

test('a comment-only event is yielded with empty data, so a relay can forward it', async () => {
  const events = await read(reads(': keep-alive\n\ndata: x\n\n'));
  assert.deepEqual(fields(events), [
    { event: undefined, data: '' },
    { event: undefined, data: 'x' },
  ]);
  assert.equal(events[0]?.raw, ': keep-alive\n\n');
});

test('an event ending on a CR at the end of a read waits for the next read, which may complete its CRLF', () => {
  const reader = new SseReader();
  assert.deepEqual(reader.push('data: a\r\r'), []);
  assert.deepEqual(reader.push('\ndata: b\n\n'), ['data: a\r\r\n', 'data: b\n\n']);
  assert.deepEqual(reader.push('data: c\r\r'), []);
  assert.deepEqual(reader.end(), ['data: c\r\r']);
  assert.deepEqual(reader.end(), [], 'nothing is left after the end');
});

test('blank lines before an event stay with it, and trailing blank lines are no event', () => {
  const reader = new SseReader();
  assert.deepEqual([...reader.push('\n\ndata: a\n\n\n'), ...reader.end()], ['\n\ndata: a\n\n']);
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
  const events: SseEvent[] = [];
  const failure = await (async () => {
    for await (const event of readSseEvents(endless(), 256 * 1024)) events.push(event);
  })().catch((error: unknown) => error);
  assert.ok(failure instanceof InternalServerError);
  assert.match(failure.message, /stream event larger than/);
  assert.deepEqual(fields(events), [{ event: undefined, data: '{"ok":true}' }], 'the events before it were delivered');
  assert.ok(released);
  assert.ok(sent < 512 * 1024);
});

test('many small events add up to more than the limit without tripping it', async () => {
  async function* many() {
    for (let index = 0; index < 200; index++) yield encoder.encode(`data: ${'x'.repeat(1000)}\n\n`);
  }
  assert.equal((await read(many(), 10_000)).length, 200);
});

test('an event just under the limit, arriving one character at a time, is read whole', () => {
  const reader = new SseReader(10_000);
  const text = `data: ${'y'.repeat(9_000)}\n\n`;
  const raws: string[] = [];
  for (const character of text) raws.push(...reader.push(character));
  assert.deepEqual(raws, [text]);
  assert.equal(parseSseEvent(raws[0] as string).data.length, 9_000);
});

test('parseSseEvent reads event, multi-line data, an optional space, fields without a value, and ignores the rest', () => {
  assert.deepEqual(parseSseEvent('event: a\r\ndata: one\rdata:two\ndata\nid: 1\n: note\n\n'), {
    event: 'a',
    data: 'one\ntwo\n',
    raw: 'event: a\r\ndata: one\rdata:two\ndata\nid: 1\n: note\n\n',
  });
  assert.deepEqual(parseSseEvent(': only a comment\n\n'), {
    event: undefined,
    data: '',
    raw: ': only a comment\n\n',
  });
});
