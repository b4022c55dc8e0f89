#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript via tsx).
// First it rebuilds dist/ (`npm run build`): the CLI tests run bin/llmux.js, and a stale build
// must not pass. Then it ends with a loud list of every skipped test; with CI=true a skip fails the run.
// Node 20's runner does not expand globs, so the files are listed here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const ci = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

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

console.log('== npm run build (the CLI tests run dist/ through bin/llmux.js)');
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('!! npm run build failed: not running the tests against a stale dist/');
  process.exit(build.status ?? 1);
}

const scratch = mkdtempSync(join(tmpdir(), 'llmux-tests-'));
const skipLog = join(scratch, 'service-skips.jsonl');
// The spec report goes to the terminal; a TAP copy comes back on stderr (a pipe is written
// synchronously on Linux, where a reporter's file would lose its tail to --test-force-exit).
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    '--test-reporter-destination=stderr',
    '--test-concurrency=4',
    '--test-force-exit',
    '--test-timeout=120000',
    ...files,
  ],
  {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: {
      ...process.env,
      LLMUX_LOG_LEVEL: process.env.LLMUX_LOG_LEVEL ?? 'silent',
      LLMUX_TEST_SKIP_LOG: skipLog,
    },
  },
);
let tap = '';
child.stderr.setEncoding('utf8').on('data', (text) => {
  tap += text;
});
const status = await new Promise((resolve) => child.once('close', (code, signal) => resolve(signal ? 1 : code)));
// Node's own warnings ("(node:123) …") share the pipe with the TAP: pass them on.
for (const line of tap.split('\n')) if (line.startsWith('(node:')) console.error(line);

// Every skip and todo the runner reported (whatever its cause), and the services tests found missing.
// A todo's own result does not fail Node's run: a failing one is named as such.
const reported = tap
  .split('\n')
  .map((line) => /^\s*(not )?ok \d+ - (.*) # (SKIP|TODO)\b ?(.*)$/.exec(line))
  .filter((match) => match !== null)
  .map(([, failed, name, kind, reason]) => ({
    kind,
    line: `${kind}${failed && kind === 'TODO' ? ' (failing)' : ''} ${name}${reason ? `: ${reason}` : ''}`,
  }));
const skipped = reported.filter((entry) => entry.kind === 'SKIP').map((entry) => entry.line);
const todo = reported.filter((entry) => entry.kind === 'TODO').map((entry) => entry.line);
const missingServices = existsSync(skipLog)
  ? readFileSync(skipLog, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line))
  : [];
rmSync(scratch, { recursive: true, force: true });

const bar = '!'.repeat(78);
if (todo.length > 0) {
  console.error(`\n${bar}\n!! ${todo.length} test(s) marked TODO (known unfinished work):`);
  for (const line of todo) console.error(`!!   ${line}`);
  console.error(bar);
}
if (skipped.length > 0 || missingServices.length > 0) {
  console.error(`\n${bar}\n!! ${skipped.length} test(s) SKIPPED: this run did not test everything`);
  for (const line of skipped) console.error(`!!   ${line}`);
  if (missingServices.length > 0) {
    console.error('!! missing services and builds:');
    for (const entry of missingServices) console.error(`!!   ${entry.file}: ${entry.reason}`);
  }
  if (ci) console.error('!! CI=true: a skipped test is a failure');
  console.error(bar);
  if (ci) process.exit(status || 1);
}
process.exit(status ?? 1);
