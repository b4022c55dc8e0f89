import assert from 'node:assert/strict';
import { fetchTransport } from '../src/http/fetch-transport.js';
import type { CompletionStream } from '../src/sdk/completion-stream.js';
import type { Transport } from '../src/spec/transport.js';
import { eventually } from './eventually.js';
import { startMockUpstream } from './mock-upstream.js';
import { holdPoint } from './provider-conformance-checks.js';
import {
  CONFORMANCE_SCRIPT,
  type ProviderWireFixture,
  type RequestExpectation,
  SCRIPT_TEXT,
} from './provider-conformance-wire.js';

/** What the loopback case needs of a provider under test. */
export interface LoopbackSubject {
  readonly apiBase: string;
  readonly wire: ProviderWireFixture;
  expectation(options: { stream: boolean; tools: boolean; apiBase?: string }): RequestExpectation;
  call(
    plan: { stream: boolean; tools: boolean; signal?: AbortSignal },
    through: { transport: Transport; apiBase: string },
  ): Promise<unknown>;
}

/** The entry's base URL with its origin replaced by the loopback server's (the path is kept). */
function loopbackBase(apiBase: string, origin: string): string {
  const path = new URL(apiBase).pathname.replace(/\/+$/, '');
  return `${origin}${path}`;
}

/**
 * Over a real socket and the default `fetch` transport: the upstream has sent part of its stream
 * and keeps the connection open; the caller's abort ends the iteration with an `AbortError`, and
 * the upstream sees its connection closed before its answer ended.
 */
export async function assertLoopbackAbort(subject: LoopbackSubject): Promise<void> {
  const body = subject.wire.streamBody(CONFORMANCE_SCRIPT, 'text');
  const head = Buffer.from(body, 'utf8').subarray(0, holdPoint(body));
  const mock = await startMockUpstream(async (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(head);
    await new Promise<void>((resolve) => response.once('close', () => resolve()));
  });
  try {
    const apiBase = loopbackBase(subject.apiBase, mock.url);
    const controller = new AbortController();
    const stream = (await subject.call(
      { stream: true, tools: false, signal: controller.signal },
      { transport: fetchTransport, apiBase },
    )) as CompletionStream;
    let content = '';
    const read = async () => {
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta.content ?? '';
        if (content !== '' && !controller.signal.aborted) controller.abort();
      }
    };
    await assert.rejects(read(), (error: unknown) => {
      assert.equal((error as { name?: string }).name, 'AbortError', `an abort ends the stream, got ${String(error)}`);
      return true;
    });
    assert.ok(content.length > 0 && SCRIPT_TEXT.startsWith(content) && content.length < SCRIPT_TEXT.length);
    const expectedUrl = new URL(subject.expectation({ stream: true, tools: false, apiBase }).url);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0]?.url, `${expectedUrl.pathname}${expectedUrl.search}`);
    await eventually(() => mock.aborted.length === 1, 'the upstream saw its connection closed mid-answer');
  } finally {
    await mock.close();
  }
}
