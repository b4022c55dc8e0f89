// A loopback OpenAI-style upstream that answers at once: a fixed chat completion, or a 20-chunk stream.
// Run as a child process by scripts/bench.mjs; prints its port on stdout.
import { createServer } from 'node:http';

const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
  system_fingerprint: null,
});

// As OpenAI streams: with `stream_options.include_usage`, every chunk carries `"usage":null` and a
// last chunk carries the usage; without it, neither.
const chunk = (delta, finish, withUsage) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', system_fingerprint: 'fp_bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}) })}\n\n`;
const streamBody = (withUsage) => {
  const body = [chunk({ role: 'assistant', content: '' }, null, withUsage)];
  for (let index = 0; index < 18; index++) body.push(chunk({ content: ` word${index}` }, null, withUsage));
  body.push(chunk({}, 'stop', withUsage));
  if (withUsage)
    body.push(
      `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', system_fingerprint: 'fp_bench', choices: [], usage: { prompt_tokens: 12, completion_tokens: 18, total_tokens: 30 } })}\n\n`,
    );
  body.push('data: [DONE]\n\n');
  return body;
};
const streams = { true: streamBody(true), false: streamBody(false) };

const server = createServer((request, response) => {
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => {
    const body = Buffer.concat(parts).toString();
    if (body.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // 20 chunks (plus the usage chunk and [DONE]) written one by one, as a provider would.
      for (const piece of streams[body.includes('"include_usage":true')]) response.write(piece);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
    response.end(completion);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
