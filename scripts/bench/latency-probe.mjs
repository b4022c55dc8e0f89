// Sequential requests (concurrency 1) with high-resolution timing: latency and time to first byte of a stream.
// Usage: node latency-probe.mjs <url> <count> <stream:0|1> <authorization>
import { Agent, request } from 'undici';

const [url, countText, streamText, authorization] = process.argv.slice(2);
const count = Number(countText);
const stream = streamText === '1';
const agent = new Agent({ connections: 1 });
const body = JSON.stringify({
  model: 'bench',
  messages: [{ role: 'user', content: 'Hello' }],
  ...(stream ? { stream: true } : {}),
});
const headers = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
const totals = [];
const firsts = [];
for (let index = 0; index < count + 50; index++) {
  const started = process.hrtime.bigint();
  const response = await request(url, { method: 'POST', headers, body, dispatcher: agent });
  let first;
  for await (const piece of response.body) {
    if (first === undefined && piece.length > 0) first = process.hrtime.bigint();
  }
  const ended = process.hrtime.bigint();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  if (index < 50) continue; // warm-up
  totals.push(Number(ended - started) / 1e6);
  firsts.push(Number((first ?? ended) - started) / 1e6);
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p99 = (values) => values.sort((a, b) => a - b)[Math.floor(values.length * 0.99)];
process.stdout.write(JSON.stringify({ p50: median(totals), p99: p99(totals), firstByteP50: median(firsts) }));
await agent.close();
