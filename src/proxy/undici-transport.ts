import { createRequire } from 'node:module';
import type * as Undici from 'undici';
import type { AddressGuard, Transport } from '../spec/transport.js';
import { assertLiteralHostAllowed, guardedLookup } from './ssrf/guarded-lookup.js';

// undici's index loads everything it has (fetch, WebSocket, caches, mocks): about 9 MB of RSS and
// 3 MB of live heap a gateway never uses. The pooled Agent and the `request` API are all we need,
// so they are loaded on their own (the version is pinned in package.json; the transport tests
// fail loudly if these paths move).
const require = createRequire(import.meta.url);
const Agent = require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
const apiRequest = require('undici/lib/api/api-request.js') as (
  this: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData>;

/**
 * The Node transport: undici's pooled keep-alive client, one pool per upstream origin (the Agent
 * keeps them). Measured here it costs a fraction of global `fetch` with WHATWG streams, which
 * matters on the gateway's hot path. Bodies are Node streams, which are async iterables of bytes.
 */
export function createUndiciTransport(options: { connectionsPerOrigin?: number; keepAliveTimeoutMs?: number } = {}): {
  transport: Transport;
  close(): Promise<void>;
} {
  const agentOptions = {
    connections: options.connectionsPerOrigin ?? 256,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 600_000,
    // Upstreams may take minutes before the first byte (long prompts, reasoning models); the call's own timeout governs.
    headersTimeout: 0,
    bodyTimeout: 0,
  };
  const agent = new Agent(agentOptions);
  // Client-supplied bases get their own pools, whose sockets connect only to addresses their guard
  // accepted at connect time (one pool set per guard: the gateway has one).
  const guardedAgents = new Map<AddressGuard, Undici.Agent>();
  const agentFor = (guard: AddressGuard | undefined, url: string): Undici.Agent => {
    if (!guard) return agent;
    assertLiteralHostAllowed(guard, url);
    let guarded = guardedAgents.get(guard);
    if (!guarded) {
      guarded = new Agent({ ...agentOptions, connect: { lookup: guardedLookup(guard) } });
      guardedAgents.set(guard, guarded);
    }
    return guarded;
  };
  const transport: Transport = async (upstream) => {
    const { origin, path } = splitUrl(upstream.url);
    const dispatcher = upstream.addressGuard ? agentFor(upstream.addressGuard, upstream.url) : agent;
    const response = await apiRequest.call(dispatcher, {
      origin,
      path,
      method: upstream.method,
      headers: upstream.headers,
      body: upstream.body,
      // undici takes any object with `aborted` and add/removeEventListener: no AbortSignal needed.
      signal: (upstream.cancel ?? upstream.signal) as AbortSignal | undefined,
    });
    return {
      status: response.statusCode,
      headers: singleValued(response.headers),
      body: response.body,
      text: () => response.body.text(),
    };
  };
  const close = async () => {
    await Promise.all([agent.close(), ...[...guardedAgents.values()].map((guarded) => guarded.close())]);
  };
  return { transport, close };
}

/** undici's headers (lower-case names) as they are, unless a header came more than once (`set-cookie`): then joined. */
function singleValued(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  let joined: Record<string, string> | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    joined ??= { ...(headers as Record<string, string>) };
    if (value === undefined) delete joined[name];
    else joined[name] = value.join(', ');
  }
  return joined ?? (headers as Record<string, string>);
}

// A deployment's URLs repeat on every request: parse each once.
const parsedUrls = new Map<string, { origin: string; path: string }>();

function splitUrl(text: string): { origin: string; path: string } {
  let parsed = parsedUrls.get(text);
  if (!parsed) {
    const url = new URL(text);
    parsed = { origin: url.origin, path: url.pathname + url.search };
    if (parsedUrls.size >= 1000) parsedUrls.clear();
    parsedUrls.set(text, parsed);
  }
  return parsed;
}
