#!/usr/bin/env node
// The `llmux` command. The CLI lives in dist/proxy/cli.js (built by `npm run build`).
import { existsSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

// A gateway's heap is mostly short-lived garbage; V8's defaults let it grow to twice or more the
// memory it needs (docs/benchmarks.md). LLMUX_V8_TUNING picks the trade:
//   balanced (default): a major GC once the old generation has grown by half rather than by up to
//     4x, and a young generation of at most 8 MB instead of 32 MB. Peak RSS about -45% for 15-60%
//     more CPU under heavy load.
//   small: the young generation held at 2 MB: peak RSS about -50%, CPU +40-75%.
//   off: V8's defaults.
// Flags of your own (NODE_OPTIONS or the command line) win, generation by generation: a young
// generation size of yours (--max-semi-space-size, fixed at start-up) replaces the regulator below,
// an old-generation flag of yours the growth setting.
const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
const tuning = process.env.LLMUX_V8_TUNING ?? 'balanced';
const ownYoung = /semi-space|young-generation/.test(given);
const ownOld = /heap-growing|old-space/.test(given);
if ((tuning === 'balanced' || tuning === 'small') && !ownOld) setFlagsFromString('--heap-growing-percent=50');
if (tuning === 'balanced' && !ownYoung) capYoungGeneration(8 * 1024 * 1024);
if (tuning === 'small' && !ownYoung) capYoungGeneration(2 * 1024 * 1024);

/**
 * The young generation's maximum is fixed when V8 starts, so a running process caps it through
 * its growth factor instead: growth (x2) is allowed only while doubling stays within the cap, and
 * stopped (x1) otherwise. V8 shrinks it when allocation is slow (idle), and it grows back under
 * load. Checked after every GC, when V8 resizes it. The flag is set every time rather than when
 * it changes: V8 resets it to 2 whenever an isolate starts (each worker thread, such as the one
 * that reads the config), and a cached value would leave the young generation free to reach 32 MB.
 */
function capYoungGeneration(bytes) {
  const regulate = () => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    setFlagsFromString(`--semi-space-growth-factor=${young * 2 <= bytes ? 2 : 1}`);
  };
  regulate();
  new PerformanceObserver(regulate).observe({ entryTypes: ['gc'] });
}

const cli = new URL('../dist/proxy/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('llmux is not built yet: run `npm install` (which builds it) or `npm run build`.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
