import { BlockList, isIP } from 'node:net';

// Networks a client-supplied api_base may never reach (unless allow-listed): loopback, private,
// link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, benchmarking, documentation,
// multicast and reserved ranges.
const BLOCKED_IPV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED_IPV4.addSubnet(network, prefix, 'ipv4');
}

const BLOCKED_IPV6 = new BlockList();
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED_IPV6.addSubnet(network, prefix, 'ipv6');
}

/** An address as the checks see it: IPv6 with an IPv4 inside is judged by that IPv4. */
export interface CheckedAddress {
  address: string;
  family: 'ipv4' | 'ipv6';
}

/**
 * Why an IP address may not be reached from a client-supplied api_base, or `undefined` when it
 * may. IPv6 forms that carry an IPv4 address (mapped `::ffff:0:0/96`, compatible `::/96`,
 * translated `::ffff:0:0:0/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4
 * inside; Teredo (`2001::/32`) and local-use NAT64 (`64:ff9b:1::/48`) hide theirs and are refused.
 * @example blockedAddressReason('::ffff:169.254.169.254') // 'a private or local address'
 */
export function blockedAddressReason(address: string): string | undefined {
  const checked = addressToCheck(address);
  if (checked === undefined) return 'not an IP address';
  if (typeof checked === 'string') return checked;
  const list = checked.family === 'ipv4' ? BLOCKED_IPV4 : BLOCKED_IPV6;
  return list.check(checked.address, checked.family) ? 'a private or local address' : undefined;
}

/** The address to judge (the embedded IPv4 where there is one), or why it is refused outright. */
export function addressToCheck(address: string): CheckedAddress | string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { address: bare, family: 'ipv4' };
  if (family !== 6) return undefined;
  const words = ipv6Words(bare);
  if (!words) return undefined;
  const embedded = embeddedIPv4(words);
  if (embedded === undefined) return { address: bare, family: 'ipv6' };
  return typeof embedded === 'string' ? { address: embedded, family: 'ipv4' } : embedded.refused;
}

const isZero = (words: number[], from: number, to: number) => words.slice(from, to).every((word) => word === 0);

/** The IPv4 address inside, or why the form is refused whatever it carries. */
function embeddedIPv4(words: number[]): string | { refused: string } | undefined {
  const last32 = () => ipv4From(words[6] as number, words[7] as number);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible; also :: and ::1, judged as 0.0.0.x)
  if (isZero(words, 0, 5) && (words[5] === 0xffff || words[5] === 0)) return last32();
  // ::ffff:0:a.b.c.d (SIIT translated)
  if (isZero(words, 0, 4) && words[4] === 0xffff && words[5] === 0) return last32();
  if (words[0] === 0x64 && words[1] === 0xff9b) {
    if (isZero(words, 2, 6)) return last32();
    if (words[2] === 1) return { refused: 'a local-use NAT64 address (64:ff9b:1::/48)' };
  }
  if (words[0] === 0x2002) return ipv4From(words[1] as number, words[2] as number);
  if (words[0] === 0x2001 && words[1] === 0) return { refused: 'a Teredo address (2001::/32)' };
  return undefined;
}

function ipv4From(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** The eight 16-bit words of an IPv6 address (a trailing dotted IPv4 counts as two). */
export function ipv6Words(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((word) => Number.parseInt(word, 16)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : undefined;
}
