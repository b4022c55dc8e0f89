// Shared helpers of the router tests (in test-support, where node: imports are fine).
import type { ServerResponse } from 'node:http';
import type { ModelListEntry } from '../src/router/index.js';
import {
  type MockUpstream,
  type RecordedRequest,
  replyJson,
  replySse,
  seededRandom,
  startMockUpstream,
} from './mock-upstream.js';

export const messages = [{ role: 'user' as const, content: 'Hello' }];

/** An OpenAI chat body answering `text`. */
export function chatBody(text: string) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  };
}

/** SSE frames streaming `words`, then a finish chunk and `[DONE]`. */
export function chatFrames(words: string[]): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [...words.map((word) => chunk({ content: word }, null)), chunk({}, 'stop'), 'data: [DONE]\n\n'];
}

export type Behaviour =
  | 'ok'
  | 'stream'
  | 'reset'
  | 'hang'
  | 'cut-before-first'
  | 'cut-midway'
  | { status: number; headers?: Record<string, string>; message?: string };

/** A loopback upstream named `name` whose n-th call (0-based) behaves as `plan(n)`. */
export async function upstream(name: string, plan: (call: number) => Behaviour): Promise<MockUpstream> {
  let calls = 0;
  return startMockUpstream(async (request: RecordedRequest, response: ServerResponse) => {
    const behaviour = plan(calls++);
    await behave({ name, behaviour, request, response });
  });
}

async function behave(options: {
  name: string;
  behaviour: Behaviour;
  request: RecordedRequest;
  response: ServerResponse;
}): Promise<void> {
  const { name, behaviour, request, response } = options;
  const streaming = request.json<{ stream?: boolean }>().stream === true;
  if (behaviour === 'reset') return void response.socket?.destroy();
  if (behaviour === 'hang') return;
  if (behaviour === 'cut-before-first') {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(': keep-alive\n\n');
    setTimeout(() => response.destroy(), 5);
    return;
  }
  if (behaviour === 'cut-midway') {
    return replySse(response, chatFrames([`${name}-1`, `${name}-2`, `${name}-3`]), { cutAfterFrames: 2, delayMs: 2 });
  }
  if (behaviour === 'ok' || behaviour === 'stream') {
    if (streaming) return replySse(response, chatFrames([name, '!']));
    return replyJson(response, 200, chatBody(name));
  }
  replyJson(
    response,
    behaviour.status,
    { error: { message: behaviour.message ?? `${name} says ${behaviour.status}` } },
    behaviour.headers,
  );
}

/** A `model_list` entry for an OpenAI-compatible deployment at `mock`. */
export function entry(
  modelName: string,
  mock: MockUpstream | undefined,
  options: { id?: string; params?: Record<string, unknown>; info?: Record<string, unknown> } = {},
): ModelListEntry {
  return {
    model_name: modelName,
    litellm_params: {
      model: 'openai/gpt-4o',
      api_key: 'k',
      ...(mock ? { api_base: mock.url } : {}),
      ...options.params,
    },
    model_info: { ...(options.id ? { id: options.id } : {}), ...options.info },
  };
}

/** Closes every upstream. */
export async function closeAll(mocks: MockUpstream[]): Promise<void> {
  await Promise.all(mocks.map((mock) => mock.close()));
}

/** A deterministic random source (mulberry32). */
export const seeded = seededRandom;
