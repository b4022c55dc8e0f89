#!/usr/bin/env node
// The `llmux` command. The CLI lives in dist/proxy/cli.js (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A gateway's heap is mostly short-lived garbage; V8's defaults let it grow to twice or more the
// memory it needs (docs/benchmarks.md). Before anything is loaded: the young generation keeps its
// initial size, and a major GC runs once the old generation has grown by half, not by up to 4x.
// Peak RSS about halves for some 15-25% more CPU. LLMUX_V8_TUNING=off, or any heap flag of your own
// in NODE_OPTIONS or on the command line, keeps V8's defaults.
const ownHeapFlags = /semi-space|heap-growing|old-space|young-generation/;
if (
  process.env.LLMUX_V8_TUNING !== 'off' &&
  !ownHeapFlags.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)
) {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=50');
}

const cli = new URL('../dist/proxy/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('llmux is not built yet: run `npm install` (which builds it) or `npm run build`.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
