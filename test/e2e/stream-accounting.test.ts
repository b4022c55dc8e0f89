// Every request is accounted exactly once, with its tokens, however its stream ends: read to the
// end, left by the client, cut by the upstream, or ended by an upstream error event. The proxy's
// account stage (the request log today; spend and callbacks later) is observed through its lines.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { eventually } from '../../test-support/eventually.js';
import { type MockUpstream, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { chatFrames } from '../../test-support/router-helpers.js';

const WORDS = ['one ', 'two ', 'three ', 'four '];

/** What the mock does after sending the first two words. */
type Ending = 'finish' | 'hold' | 'cut' | 'error-event';

function openaiStream(response: ServerResponse, ending: Ending): void {
  const frames = chatFrames(WORDS);
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  if (ending === 'finish') {
    response.end(frames.join(''));
    return;
  }
  response.write(frames.slice(0, 2).join(''));
  if (ending === 'cut') setTimeout(() => response.socket?.destroy(), 20);
  if (ending === 'error-event') {
    response.end(`data: ${JSON.stringify({ error: { message: 'overloaded mid-stream', type: 'server_error' } })}\n\n`);
  }
}

function anthropicStream(response: ServerResponse, ending: Ending): void {
  const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(
    event('message_start', {
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 12, output_tokens: 1 },
      },
    }) +
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'one two three four five six ' } }),
  );
  if (ending === 'finish') {
    response.end(
      event('content_block_stop', { index: 0 }) +
        event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } }) +
        event('message_stop', {}),
    );
  }
  if (ending === 'cut') setTimeout(() => response.socket?.destroy(), 20);
}

describe('every stream is accounted exactly once, with its tokens', () => {
  let upstream: MockUpstream;
  let proxy: RunningProxy;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    upstream = await startMockUpstream(async (request, response) => {
      // The deployment's model names the ending: `openai/finish`, `anthropic/hold` …
      const ending = request.json<{ model: string }>().model as Ending;
      if (request.url.includes('/messages')) anthropicStream(response, ending);
      else openaiStream(response, ending);
    });
    const endings: Ending[] = ['finish', 'hold', 'cut', 'error-event'];
    const prices = { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 };
    proxy = await startTestProxy(
      {
        model_list: endings.flatMap((ending) => [
          {
            model_name: `gpt-${ending}`,
            litellm_params: {
              model: `openai/${ending}`,
              api_base: `${upstream.url}/v1`,
              api_key: 'sk-upstream',
              ...prices,
            },
            model_info: { id: `gpt-${ending}` },
          },
          {
            model_name: `claude-${ending}`,
            litellm_params: { model: `anthropic/${ending}`, api_base: upstream.url, api_key: 'sk-ant', ...prices },
            model_info: { id: `claude-${ending}` },
          },
        ]),
      },
      {
        logLevel: 'info',
        writeLog: (text) => {
          for (const line of text.split('\n')) if (line) lines.push(JSON.parse(line));
        },
      },
    );
  });

  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  /** The request log lines of one request id, once the line has been written (and a moment for a second one). */
  async function accounted(requestId: string): Promise<Record<string, unknown>> {
    const mine = () => lines.filter((line) => line.msg === 'request' && line.request_id === requestId);
    await eventually(() => mine().length > 0, `request ${requestId} accounted`);
    // A second line would come from a second exit path: give it every chance to appear.
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(mine().length, 1, `request ${requestId} accounted exactly once`);
    return mine()[0] as Record<string, unknown>;
  }

  function openai(requestId: string): OpenAI {
    return new OpenAI({
      apiKey: 'anything',
      baseURL: `${proxy.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-request-id': requestId },
    });
  }

  const chat = (ending: Ending) => ({
    model: `gpt-${ending}`,
    messages: [{ role: 'user' as const, content: 'Count to four' }],
    stream: true as const,
  });

  test('a stream read to its end: the upstream usage (estimated when absent) and cost', async () => {
    const stream = await openai('acct-finish').chat.completions.create(chat('finish'));
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, WORDS.join(''));
    const line = await accounted('acct-finish');
    assert.equal(line.status, 200);
    assert.equal(line.deployment_id, 'gpt-finish');
    assert.ok((line.prompt_tokens as number) > 0 && (line.completion_tokens as number) >= 4, JSON.stringify(line));
    assert.equal(typeof line.response_cost, 'number');
  });

  test('a stream the client leaves: 499, with the tokens produced until then', async () => {
    const stream = await openai('acct-abort').chat.completions.create(chat('hold'));
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) seen++;
      if (seen === 2) stream.controller.abort();
    }
    const line = await accounted('acct-abort');
    assert.equal(line.status, 499);
    assert.ok((line.prompt_tokens as number) > 0, JSON.stringify(line));
    assert.ok((line.completion_tokens as number) > 0, 'the words streamed before the abort are counted');
    await eventually(() => upstream.aborted.length > 0, 'the upstream call was cancelled');
  });

  test('a stream the upstream cuts: its error status, with the tokens produced until then', async () => {
    const stream = await openai('acct-cut').chat.completions.create(chat('cut'));
    await assert.rejects(async () => {
      for await (const _ of stream) {
        /* read until it breaks */
      }
    });
    const line = await accounted('acct-cut');
    assert.ok((line.status as number) >= 500, JSON.stringify(line));
    assert.ok((line.completion_tokens as number) > 0, JSON.stringify(line));
    assert.ok(line.error_type, 'the failure is recorded');
  });

  test('a stream ended by an upstream error event: accounted once, with its tokens', async () => {
    const stream = await openai('acct-error-event').chat.completions.create(chat('error-event'));
    await assert.rejects(async () => {
      for await (const _ of stream) {
        /* read until the error event */
      }
    }, /overloaded mid-stream/);
    const line = await accounted('acct-error-event');
    assert.ok((line.status as number) >= 500, JSON.stringify(line));
    assert.ok((line.completion_tokens as number) > 0, JSON.stringify(line));
  });

  test('a refused request (unknown model) is accounted once, with no tokens', async () => {
    await assert.rejects(openai('acct-refused').chat.completions.create({ ...chat('finish'), model: 'nope' }));
    const line = await accounted('acct-refused');
    assert.equal(line.status, 400);
    assert.equal(line.total_tokens, undefined);
  });

  function anthropic(requestId: string): Anthropic {
    return new Anthropic({
      apiKey: 'anything',
      baseURL: proxy.url,
      maxRetries: 0,
      defaultHeaders: { 'x-request-id': requestId },
    });
  }

  const message = (ending: Ending) => ({
    model: `claude-${ending}`,
    max_tokens: 100,
    messages: [{ role: 'user' as const, content: 'Count to four' }],
    stream: true as const,
  });

  test('a native Anthropic stream read to its end: the upstream usage', async () => {
    const stream = await anthropic('acct-native-finish').messages.create(message('finish'));
    for await (const _ of stream) {
      /* drain */
    }
    const line = await accounted('acct-native-finish');
    assert.equal(line.status, 200);
    assert.equal(line.prompt_tokens, 12);
    assert.equal(line.completion_tokens, 4, 'a stream read to its end keeps the upstream figure');
  });

  test('a native Anthropic stream the client leaves: 499, with its input tokens', async () => {
    const stream = await anthropic('acct-native-abort').messages.create(message('hold'));
    for await (const event of stream) if (event.type === 'content_block_delta') stream.controller.abort();
    const line = await accounted('acct-native-abort');
    assert.equal(line.status, 499);
    assert.equal(line.prompt_tokens, 12);
    // Anthropic said 1 in message_start; the six words streamed before the abort are estimated.
    assert.ok((line.completion_tokens as number) >= 5, JSON.stringify(line));
    assert.equal(typeof line.response_cost, 'number');
  });

  test('a native Anthropic stream the upstream cuts: accounted once, with its input tokens', async () => {
    const stream = await anthropic('acct-native-cut').messages.create(message('cut'));
    await assert.rejects(async () => {
      for await (const _ of stream) {
        /* read until it breaks */
      }
    });
    const line = await accounted('acct-native-cut');
    assert.ok((line.status as number) >= 500, JSON.stringify(line));
    assert.equal(line.prompt_tokens, 12);
    assert.ok((line.completion_tokens as number) >= 5, JSON.stringify(line));
  });
});
