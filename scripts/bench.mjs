#!/usr/bin/env node
// llmux benchmark: a loopback mock upstream that answers at once, driven by autocannon in a separate process,
// direct-to-mock versus through llmux, at concurrency 1, 32 and 128; llmux's CPU time and RSS read from /proc.
// Usage: npm run bench [-- --duration 5 --soak 30]   (results: stdout and .bench/results.json)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    soak: { type: 'string' },
    workers: { type: 'string' },
    'skip-build': { type: 'boolean' },
    'keys-only': { type: 'boolean' },
  },
});
const DURATION = Number(values.duration ?? 5);
const SOAK_SECONDS = Number(values.soak ?? 30);
const WORKERS = Number(values.workers ?? 2);
const MASTER_KEY = 'sk-bench-master';
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim() || 100);
const children = [];

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
mkdirSync('.bench', { recursive: true });
if (!values['skip-build'] && spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const mockPort = await startChild('node', ['scripts/bench/mock-upstream.mjs']);
const mockUrl = `http://127.0.0.1:${mockPort}`;
writeFileSync(
  '.bench/config.yaml',
  `model_list:\n  - model_name: bench\n    litellm_params:\n      model: openai/gpt-4o-mini\n      api_base: ${mockUrl}/v1\n      api_key: sk-upstream\ngeneral_settings:\n  master_key: ${MASTER_KEY}\n`,
);

if (values['keys-only']) {
  writeFileSync('.bench/results-keys.json', `${JSON.stringify({ virtual_keys: await virtualKeyRuns() }, null, 2)}\n`);
  console.log('\nwritten .bench/results-keys.json');
  process.exit(0);
}

const single = await startLlmux(1);
const floorPort = await startChild('node', ['scripts/bench/floor-proxy.mjs', mockUrl]);
const floorUrl = `http://127.0.0.1:${floorPort}`;
const floorPid = children.at(-1).pid;
const results = { machine: machine(), duration_s: DURATION, runs: [] };
// Warm-up (JIT) for both gateways, streaming and not, before anything is measured.
for (const stream of [false, true]) {
  await autocannon(`${floorUrl}/v1/chat/completions`, 32, stream, false, 2);
  await autocannon(`${single.url}/v1/chat/completions`, 32, stream, true, 2);
}

for (const stream of [false, true]) {
  for (const connections of [1, 32, 128]) {
    const direct = await autocannon(`${mockUrl}/v1/chat/completions`, connections, stream, false);
    const floorBefore = cpuMs(floorPid);
    const floor = await autocannon(`${floorUrl}/v1/chat/completions`, connections, stream, false);
    const floorCpu = cpuMs(floorPid) - floorBefore;
    resetPeakRss(single.pid);
    const before = cpuMs(single.pid);
    const proxied = await autocannon(`${single.url}/v1/chat/completions`, connections, stream, true);
    const cpu = cpuMs(single.pid) - before;
    const peak = memoryMb(single.pid, 'VmHWM');
    results.runs.push({
      scenario: stream ? 'stream (20 chunks)' : 'non-streaming',
      connections,
      direct_rps: direct.rps,
      floor_rps: floor.rps,
      llmux_rps: proxied.rps,
      floor_cpu_ms_per_request: round(floorCpu / floor.requests, 3),
      direct_p50_ms: direct.p50,
      llmux_p50_ms: proxied.p50,
      llmux_p99_ms: proxied.p99,
      llmux_cpu_ms_per_request: round(cpu / proxied.requests, 3),
      llmux_peak_rss_mb: round(peak, 1),
      llmux_errors: proxied.errors,
    });
    console.log(results.runs.at(-1));
  }
}

// Sequential latency: three interleaved rounds (direct, floor, llmux), the median of each figure across rounds,
// so a burst of noise from the shared machine hits all three alike.
for (const stream of [false, true]) {
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    rounds.push({
      direct: probe(`${mockUrl}/v1/chat/completions`, stream, ''),
      floor: probe(`${floorUrl}/v1/chat/completions`, stream, ''),
      llmux: probe(`${single.url}/v1/chat/completions`, stream, `Bearer ${MASTER_KEY}`),
    });
  }
  const middle = (pick) => round(rounds.map(pick).sort((a, b) => a - b)[1], 3);
  const key = stream ? 'stream' : 'non_streaming';
  results[`latency_c1_${key}`] = {
    direct_p50_ms: middle((r) => r.direct.p50),
    floor_added_p50_ms: middle((r) => r.floor.p50 - r.direct.p50),
    floor_added_first_byte_p50_ms: middle((r) => r.floor.firstByteP50 - r.direct.firstByteP50),
    llmux_p50_ms: middle((r) => r.llmux.p50),
    added_p50_ms: middle((r) => r.llmux.p50 - r.direct.p50),
    added_first_byte_p50_ms: middle((r) => r.llmux.firstByteP50 - r.direct.firstByteP50),
  };
  console.log(key, results[`latency_c1_${key}`]);
}

results.idle_rss_mb = single.idleRssMb;
results.peak_rss_mb = Math.max(...results.runs.map((run) => run.llmux_peak_rss_mb), memoryMb(single.pid, 'VmHWM'));
results.soak = await soak(single);
console.log('soak', results.soak);
single.child.kill('SIGTERM');

// The same heavy load under each LLMUX_V8_TUNING mode (bin/llmux.js): memory against CPU.
results.v8_tuning = [];
const TUNING_MODES = [
  { mode: 'balanced', env: { LLMUX_V8_TUNING: 'balanced' } },
  // The hard cap on the young generation (a start-up flag) instead of balanced's in-process regulator.
  { mode: 'balanced, NODE_OPTIONS=--max-semi-space-size=4', env: { NODE_OPTIONS: '--max-semi-space-size=4' } },
  { mode: 'small', env: { LLMUX_V8_TUNING: 'small' } },
  { mode: 'off', env: { LLMUX_V8_TUNING: 'off' } },
];
for (const { mode, env } of TUNING_MODES) {
  const target = await startLlmux(1, env);
  const row = { mode };
  // Warm-up, so the JIT has settled before anything is measured.
  await autocannon(`${target.url}/v1/chat/completions`, 32, false, true, 2);
  resetPeakRss(target.pid);
  for (const stream of [true, false]) {
    const before = cpuMs(target.pid);
    const run = await autocannon(`${target.url}/v1/chat/completions`, 128, stream, true);
    const key = stream ? 'stream_c128' : 'non_streaming_c128';
    row[`${key}_rps`] = run.rps;
    row[`${key}_cpu_ms_per_request`] = round((cpuMs(target.pid) - before) / run.requests, 3);
  }
  row.idle_rss_mb = target.idleRssMb;
  row.peak_rss_mb = round(memoryMb(target.pid, 'VmHWM'), 1);
  results.v8_tuning.push(row);
  console.log('v8 tuning', row);
  target.child.kill('SIGTERM');
}

const multi = await startLlmux(WORKERS);
const scaled = await autocannon(`${multi.url}/v1/chat/completions`, 128, false, true);
results.num_workers = {
  workers: WORKERS,
  rps_c128_non_streaming: scaled.rps,
  single_process_rps_c128: results.runs.find((run) => run.connections === 128 && run.scenario === 'non-streaming')
    ?.llmux_rps,
};
console.log('num_workers', results.num_workers);
multi.child.kill('SIGTERM');

results.virtual_keys = await virtualKeyRuns();

writeFileSync('.bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten .bench/results.json');
process.exit(0);

/**
 * A virtual key (cached) with spend logging on, against the master key on the same process, on the
 * embedded PGlite and on PostgreSQL (LLMUX_BENCH_DATABASE_URL, default the local `test` database;
 * skipped when it does not answer): CPU per request at 32 connections, streaming and not.
 */
async function virtualKeyRuns() {
  const rows = [];
  const postgres = process.env.LLMUX_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `llmux_bench_${Date.now()}`;
  const backends = [
    { name: 'PGlite', env: {}, args: ['--data-dir', `.bench/pglite-${Date.now()}`] },
    { name: 'PostgreSQL', env: { DATABASE_URL: `${postgres}?schema=${schema}` }, args: [] },
  ];
  for (const backend of backends) {
    let server;
    try {
      server = await startLlmux(1, backend.env, backend.args);
    } catch (error) {
      console.log(`virtual keys on ${backend.name}: skipped (${error.message})`);
      continue;
    }
    const generated = await fetch(`${server.url}/key/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ models: ['bench'] }),
    });
    if (!generated.ok) throw new Error(`/key/generate: ${generated.status} ${await generated.text()}`);
    const { key } = await generated.json();
    for (const stream of [false, true]) {
      for (const bearer of [MASTER_KEY, key])
        await autocannon(`${server.url}/v1/chat/completions`, 32, stream, true, 2, bearer);
      const row = {
        database: backend.name,
        scenario: stream ? 'stream (20 chunks)' : 'non-streaming',
        connections: 32,
      };
      for (const [name, bearer] of [
        ['master_key', MASTER_KEY],
        ['virtual_key', key],
      ]) {
        resetPeakRss(server.pid);
        const before = cpuMs(server.pid);
        const run = await autocannon(`${server.url}/v1/chat/completions`, 32, stream, true, DURATION, bearer);
        row[`${name}_cpu_ms_per_request`] = round((cpuMs(server.pid) - before) / run.requests, 3);
        row[`${name}_rps`] = run.rps;
        row[`${name}_p50_ms`] = run.p50;
        row[`${name}_errors`] = run.errors;
        row[`${name}_peak_rss_mb`] = round(memoryMb(server.pid, 'VmHWM'), 1);
      }
      rows.push(row);
      console.log(row);
    }
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
  if (backends[1]) {
    // The bench's own schema is dropped afterwards (best effort).
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: postgres });
    await client
      .connect()
      .then(() => client.query(`drop schema if exists ${schema} cascade`))
      .catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  return rows;
}

async function startLlmux(workers, env = {}, extraArgs = []) {
  const port = await freePort();
  const child = spawn(
    'node',
    [
      'bin/llmux.js',
      '--config',
      '.bench/config.yaml',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--num_workers',
      String(workers),
      ...extraArgs,
    ],
    {
      env: { ...process.env, LLMUX_LOG_LEVEL: 'info', ...env },
      // Request logging stays on; the lines go straight to a file, as a deployment would ship them.
      stdio: ['ignore', openSync(`.bench/llmux-${workers}.log`, 'w'), 'inherit'],
    },
  );
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${url}/health/liveliness`)).ok) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return { child, pid: child.pid, url, idleRssMb: round(memoryMb(child.pid, 'VmRSS'), 1) };
      }
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('llmux did not start');
}

function autocannon(url, connections, stream, withKey, seconds = DURATION, bearer = MASTER_KEY) {
  const body = JSON.stringify({
    model: withKey ? 'bench' : 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello' }],
    ...(stream ? { stream: true } : {}),
  });
  const args = [
    'node_modules/autocannon/autocannon.js',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-b',
    body,
    '--json',
  ];
  if (withKey) args.push('-H', `authorization=Bearer ${bearer}`);
  args.push(url);
  const run = spawnSync('node', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(run.stdout);
  return {
    rps: Math.round(report.requests.average),
    requests: report.requests.total,
    p50: report.latency.p50,
    p99: report.latency.p99,
    errors: report.errors + report.non2xx,
  };
}

function probe(url, stream, authorization) {
  const run = spawnSync('node', ['scripts/bench/latency-probe.mjs', url, '2000', stream ? '1' : '0', authorization], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

async function soak(target) {
  const samples = [];
  const load = spawn(
    'node',
    [
      'node_modules/autocannon/autocannon.js',
      '-c',
      '32',
      '-d',
      String(SOAK_SECONDS),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-H',
      `authorization=Bearer ${MASTER_KEY}`,
      '-b',
      JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Hello' }] }),
      `${target.url}/v1/chat/completions`,
    ],
    { stdio: 'ignore' },
  );
  children.push(load);
  const every = Math.max(1, Math.floor(SOAK_SECONDS / 10));
  for (let second = 0; second < SOAK_SECONDS; second += every) {
    await new Promise((resolve) => setTimeout(resolve, every * 1000));
    samples.push(round(memoryMb(target.pid, 'VmRSS'), 1));
  }
  await new Promise((resolve) => load.once('exit', resolve));
  return { seconds: SOAK_SECONDS, connections: 32, rss_mb_samples: samples };
}

/** Resets the kernel's peak-RSS mark (VmHWM), so each run reports its own peak. */
function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {}
}

function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function memoryMb(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(field));
  return Number(line.split(/\s+/)[1]) / 1024;
}

function startChild(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.stdout.once('data', (data) => resolve(Number(String(data).trim())));
    child.once('error', reject);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function machine() {
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
  };
}

function round(value, digits) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
