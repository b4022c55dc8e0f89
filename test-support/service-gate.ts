// Tests that need something outside the process (Redis, PostgreSQL, the built CLI) never skip
// silently: a skip is written to the file `scripts/run-tests.mjs` names in LLMUX_TEST_SKIP_LOG, so
// `npm test` ends with the list, and with CI=true a missing service fails the run instead.
import { appendFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** CI=true (or 1) as CI systems set it: a missing service is then an error, not a skip. */
export function isCi(environment: NodeJS.ProcessEnv = process.env): boolean {
  const value = environment.CI?.toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * The `skip` option for tests that need `service`: `false` when it is there; otherwise the reason,
 * recorded for the runner's summary. Under CI a test that fails with the reason is registered too.
 * @example test('…', { skip: requireService({ service: 'Redis', available, reason: 'not reachable' }) }, …)
 */
export function requireService(options: { service: string; available: boolean; reason: string }): string | false {
  if (options.available) return false;
  const reason = `${options.service}: ${options.reason}`;
  const file = process.argv[1] ? relative(ROOT, process.argv[1]) : 'unknown file';
  const logPath = process.env.LLMUX_TEST_SKIP_LOG;
  if (logPath) appendFileSync(logPath, `${JSON.stringify({ file, service: options.service, reason })}\n`);
  if (isCi()) {
    test(`${options.service} is required when CI=true`, () => {
      throw new Error(`${reason} (CI=true: tests that need it must run)`);
    });
  } else {
    process.stderr.write(`\n!! SKIPPED (${file}) ${reason}\n`);
  }
  return reason;
}

/** The newest modification time under `folder` (test fixture folders aside: they are not built), for files whose name passes `keep`. */
function newestMtime(folder: string, keep: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') newest = Math.max(newest, newestMtime(path, keep));
    } else if (keep(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Why `dist/` cannot stand for the current source (absent, or older than a file of `src/`), or
 * `undefined` when it is current. `npm test` builds first, so this only trips when a test file is
 * run by hand after an edit.
 */
export function staleBuildReason(): string | undefined {
  const cli = join(ROOT, 'dist', 'proxy', 'cli.js');
  if (!existsSync(cli)) return 'dist/ is not built (npm run build)';
  const built = newestMtime(join(ROOT, 'dist'), (name) => name.endsWith('.js'));
  const source = newestMtime(join(ROOT, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  return source > built ? 'dist/ is older than src/ (npm run build)' : undefined;
}

/** The `skip` option for tests that run the built `llmux` binary. */
export function requireCurrentBuild(): string | false {
  const reason = staleBuildReason();
  return requireService({ service: 'built CLI', available: reason === undefined, reason: reason ?? '' });
}
