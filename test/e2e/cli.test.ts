import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { requireCurrentBuild } from '../../test-support/service-gate.js';
import { createTempDirectory } from '../../test-support/temp-directory.js';

const BIN = new URL('../../bin/llmux.js', import.meta.url);
const skip = requireCurrentBuild();

/** Starts `llmux` as a user would and resolves with its URL from the start-up log line. */
function startCli(args: string[]): Promise<{ url: string; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, [BIN.pathname, ...args], {
    env: { ...process.env, LLMUX_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child });
    });
    child.stderr.on('data', (data: Buffer) => {
      output += data.toString();
    });
    child.once('exit', (code) => reject(new Error(`llmux exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`llmux did not start: ${output}`)), 15_000).unref();
  });
}

test('`llmux --config config.yaml` serves the README curl, then stops cleanly on SIGTERM', { skip }, async () => {
  const { url, child } = await startCli(['--config', 'config.yaml', '--port', '0', '--host', '127.0.0.1']);
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-1234' },
    body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'Hello' }] }),
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.match(body.choices[0].message.content, /Hello from llmux/);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('--help, --version and a bad config file', { skip }, async () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN.pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (data: Buffer) => (output += data));
      child.stderr.on('data', (data: Buffer) => (output += data));
      child.once('exit', (code) => resolve({ code, output }));
    });
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.output, /--num_workers/);
  const version = await run(['--version']);
  assert.match(version.output, /^\d+\.\d+\.\d+/);
  const missing = await run(['--config', 'no-such-file.yaml']);
  assert.equal(missing.code, 1);
  assert.match(missing.output, /no-such-file\.yaml/);
  const badFlag = await run(['--nope']);
  assert.equal(badFlag.code, 2);
  // The config is read in a worker thread: its errors still name the file, the path and the line.
  const folder = await createTempDirectory('llmux-cli-');
  try {
    const { path } = await folder.write(
      'bad.yaml',
      'model_list:\n  - model_name: x\n    litellm_params:\n      model: openai/gpt-4o\n      rpm: -1\n',
    );
    const invalid = await run(['--config', path]);
    assert.equal(invalid.code, 1);
    assert.match(invalid.output, /bad\.yaml: model_list\[0\]\.litellm_params\.rpm: .*-1 \(line 5\)/);
  } finally {
    await folder.remove();
  }
});
