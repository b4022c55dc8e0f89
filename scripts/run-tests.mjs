#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript via tsx).
// Node 20's runner does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];

function findTests(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (stat.isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && name !== '__fixtures__')
    .flatMap((name) => findTests(join(path, name)));
}

const files = roots.flatMap(findTests).sort();
if (files.length === 0) {
  console.error(`No test files found under ${roots.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=4',
    '--test-force-exit',
    '--test-timeout=120000',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, LLMUX_LOG_LEVEL: process.env.LLMUX_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
