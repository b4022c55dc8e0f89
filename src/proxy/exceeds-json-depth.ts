const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`, found by one linear pass over
 * the bytes before anything parses them: V8's `JSON.parse` takes seconds over megabytes of `[`, and
 * every recursive walk after it (`JSON.stringify`, copies, validators) overflows the stack on
 * deep input. Brackets inside strings do not count; strings are skipped with the native
 * `indexOf`, so a body that is mostly prompt text costs little more than a `memchr`.
 * Malformed JSON is not judged here (the parser reports it).
 *
 * @example exceedsJsonDepth(new TextEncoder().encode('[[1]]'), 1) // true
 */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth: number): boolean {
  // Each level needs an opening byte: a shorter text cannot be deeper.
  if (bytes.length <= maxDepth) return false;
  let depth = 0;
  const length = bytes.length;
  for (let index = 0; index < length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      index = closingQuote(bytes, index);
      if (index === -1) return false;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote that ends the string opened at `open`, or -1 when it never ends. */
function closingQuote(bytes: Uint8Array, open: number): number {
  let index = open;
  while (true) {
    index = bytes.indexOf(QUOTE, index + 1);
    if (index === -1) return -1;
    // Escaped when preceded by an odd run of backslashes (`\"` is escaped, `\\"` is not).
    let backslashes = 0;
    while (bytes[index - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return index;
  }
}
