import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { RestartBackoff } from '../../src/proxy/cli.js';
import { createTempDirectory } from '../../test-support/temp-directory.js';

const BIN = new URL('../../bin/llmux.js', import.meta.url);
const BUILT = existsSync(new URL('../../dist/proxy/cli.js', import.meta.url));
const skip = BUILT ? false : 'dist/ is not built (npm run build)';
const CONFIG =
  'model_list:\n  - model_name: demo\n    litellm_params:\n      model: openai/gpt-4o\n      mock_response: hi\n';

/** An environment without any master key, whatever the developer's shell has. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LLMUX_LOG_LEVEL: 'info', ...extra };
  for (const name of ['LITELLM_MASTER_KEY', 'LLMUX_MASTER_KEY', 'HOST']) if (!(name in extra)) delete env[name];
  return env;
}

/** Resolves once `output` (stdout + stderr so far) satisfies `done`; rejects if the process exits first. */
function waitFor(child: ChildProcess, done: (output: string) => unknown, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const check = (data: Buffer) => {
      output += data.toString();
      if (done(output)) resolve(output);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`llmux exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`timed out waiting; output so far: ${output}`)), timeoutMs).unref();
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

test('restart delays double from 1 s to at most 30 s, and a worker that lived a minute resets them', () => {
  const backoff = new RestartBackoff();
  const delays = Array.from({ length: 7 }, () => backoff.next(10));
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  assert.equal(backoff.next(RestartBackoff.HEALTHY_LIFETIME_MS), 1_000);
  assert.equal(backoff.next(10), 2_000);
});

test('--num_workers: workers that cannot start are restarted with a growing delay, not in a loop', {
  skip,
}, async () => {
  // The port is taken, so every worker dies as it starts listening.
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  const folder = await createTempDirectory('llmux-workers-');
  try {
    const { path } = await folder.write('config.yaml', CONFIG);
    const args = ['--config', path, '--port', String(port), '--host', '127.0.0.1', '--num_workers', '2'];
    const child = spawn(process.execPath, [BIN.pathname, ...args], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const restarts = (output: string) =>
      [...output.matchAll(/restarting in ([\d.]+) s/g)].map((match) => Number(match[1]));
    const output = await waitFor(child, (text) => restarts(text).length >= 3);
    // Two workers die at once (1 s, 2 s), then the first replacement dies too (4 s): never a tight loop.
    assert.deepEqual(restarts(output).slice(0, 3), [1, 2, 4]);
    assert.equal(await stop(child), 0);
  } finally {
    await folder.remove();
    blocker.close();
  }
});

/** A local address other than loopback, to tell "every interface" from "loopback only". */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

async function reachable(host: string, port: number): Promise<boolean> {
  try {
    await fetch(`http://${host}:${port}/health/liveliness`, { signal: AbortSignal.timeout(3_000) });
    return true;
  } catch {
    return false;
  }
}

for (const withKey of [false, true]) {
  const name = withKey
    ? 'with a master key and no --host, the proxy listens on every interface'
    : 'without a master key and no --host, the proxy listens on loopback only';
  test(name, { skip: skip || (otherAddress ? false : 'no non-loopback IPv4 address on this machine') }, async () => {
    const folder = await createTempDirectory('llmux-host-');
    try {
      const { path } = await folder.write('config.yaml', CONFIG);
      const env = cleanEnv(withKey ? { LITELLM_MASTER_KEY: 'sk-test-master' } : {});
      const child = spawn(process.execPath, [BIN.pathname, '--config', path, '--port', '0'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const output = await waitFor(child, (text) => /"url":"http:\/\/[^"]+:\d+"/.test(text));
        const port = Number(/"url":"http:\/\/[^"]+:(\d+)"/.exec(output)?.[1]);
        assert.equal(await reachable('127.0.0.1', port), true);
        assert.equal(await reachable(otherAddress as string, port), withKey);
      } finally {
        assert.equal(await stop(child), 0);
      }
    } finally {
      await folder.remove();
    }
  });
}
