// The floor: a bare pass-through on node:http + undici.request (no parsing, no auth, no logging).
// llmux's overhead is read against this. Usage: node floor-proxy.mjs <upstream-url>; prints its port.
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
const server = createServer((incoming, outgoing) => {
  const parts = [];
  incoming.on('data', (part) => parts.push(part));
  incoming.on('end', async () => {
    try {
      const response = await request(`${upstream}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-upstream' },
        body: Buffer.concat(parts),
        dispatcher: agent,
      });
      outgoing.writeHead(response.statusCode, { 'content-type': response.headers['content-type'] });
      for await (const piece of response.body)
        if (!outgoing.write(piece)) await new Promise((resolve) => outgoing.once('drain', resolve));
      outgoing.end();
    } catch {
      outgoing.destroy();
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
