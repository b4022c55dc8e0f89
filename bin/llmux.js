#!/usr/bin/env node
// The `llmux` command. The CLI lives in dist/proxy/cli.js (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A gateway's heap is mostly short-lived garbage; V8's defaults let it grow to twice or more the
// memory it needs (docs/benchmarks.md). LLMUX_V8_TUNING picks the trade:
//   balanced (default): a major GC once the old generation has grown by half rather than by up to
//     4x, and the young generation kept at the size start-up gave it (16 MB) instead of doubling
//     under load. Peak RSS about -40% for 10-30% more CPU under heavy load.
//   small: the young generation also stays at its initial 2 MB: peak RSS about -50%, CPU +50-70%.
//   off: V8's defaults. Any heap flag of your own (NODE_OPTIONS or the command line) also means off.
const ownHeapFlags = /semi-space|heap-growing|old-space|young-generation/;
const tuning = ownHeapFlags.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)
  ? 'off'
  : (process.env.LLMUX_V8_TUNING ?? 'balanced');
if (tuning === 'balanced' || tuning === 'small') setFlagsFromString('--heap-growing-percent=50');
if (tuning === 'small') setFlagsFromString('--semi-space-growth-factor=1');

const cli = new URL('../dist/proxy/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('llmux is not built yet: run `npm install` (which builds it) or `npm run build`.');
  process.exit(1);
}
const { main } = await import(cli.href);
if (tuning === 'balanced') setFlagsFromString('--semi-space-growth-factor=1');
process.exitCode = await main(process.argv.slice(2));
