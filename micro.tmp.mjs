// In-process micro-benchmark of gateway.handle with a canned transport (no network).
import { createGateway } from './dist/proxy/gateway.js';
import { RequestLog } from './dist/proxy/request-log.js';
const completion = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 }, system_fingerprint: null });
const chunk = (delta, finish) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })}\n\n`;
const sse = [chunk({ role: 'assistant', content: '' }, null)];
for (let i = 0; i < 18; i++) sse.push(chunk({ content: ` word${i}` }, null));
sse.push(chunk({}, 'stop'));
sse.push(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 12, completion_tokens: 18, total_tokens: 30 } })}\n\n`, 'data: [DONE]\n\n');
const sseBytes = sse.map((s) => Buffer.from(s));
const transport = async (req) => {
  const stream = req.body.includes('"stream":true');
  if (stream) return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: (async function* () { for (const b of sseBytes) yield b; })(), text: async () => '' };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: (async function* () { yield Buffer.from(completion); })(), text: async () => completion };
};
const config = { model_list: [{ model_name: 'bench', litellm_params: { model: 'openai/gpt-4o-mini', api_base: 'http://127.0.0.1:9/v1', api_key: 'sk-up' }, model_info: {} }], litellm_settings: {}, router_settings: {}, general_settings: { master_key: 'sk-bench-master' }, environment_variables: {} };
let written = 0;
const gateway = await createGateway({ config, transport, log: new RequestLog('info', (t) => { written += t.length; }), version: 'x' });
const bodies = { plain: Buffer.from(JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Hello' }] })), stream: Buffer.from(JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Hello' }], stream: true })) };
async function one(kind) {
  const c = new AbortController();
  const r = await gateway.handle({ method: 'POST', path: '/v1/chat/completions', query: '', headers: { authorization: 'Bearer sk-bench-master', 'content-type': 'application/json' }, body: bodies[kind], signal: c.signal, requestId: 'r', startedAt: performance.now() });
  if (r.stream) for await (const _ of r.stream) {}
  if (r.status !== 200) throw new Error(r.body);
}
for (const kind of ['plain', 'stream']) {
  for (let i = 0; i < 3000; i++) await one(kind);
  const N = kind === 'plain' ? 30000 : 10000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await one(kind);
  const us = ((performance.now() - t0) * 1000) / N;
  console.log(kind, us.toFixed(1), 'µs/request');
}
process.exit(0);
