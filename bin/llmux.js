#!/usr/bin/env node
// The `llmux` command. The CLI lives in dist/proxy/cli.js (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/proxy/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('llmux is not built yet: run `npm install` (which builds it) or `npm run build`.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
