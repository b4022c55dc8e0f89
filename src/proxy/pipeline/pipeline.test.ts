import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PermissionDeniedError } from '../../errors/index.js';
import type { Transport } from '../../spec/transport.js';
import { createGateway, type Gateway } from '../gateway.js';
import type { GatewayRequest, GatewayResponse } from '../gateway-types.js';
import { RequestLog } from '../request-log.js';
import type { RequestContext } from './request-context.js';
import type { Stage } from './stage.js';

const encoder = new TextEncoder();
const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** The bodies the upstream received. */
const sent: string[] = [];

/** An upstream answering a chat completion, or a stream of three words. */
const transport: Transport = async (request) => {
  if (typeof request.body === 'string') sent.push(request.body);
  const stream = typeof request.body === 'string' && request.body.includes('"stream":true');
  const answer = JSON.stringify({
    id: 'c',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  });
  const parts = stream ? [chunk('one '), chunk('two '), chunk('three'), 'data: [DONE]\n\n'] : [answer];
  return {
    status: 200,
    headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' },
    body: (async function* body() {
      for (const part of parts) yield encoder.encode(part);
    })(),
    text: async () => answer,
  };
};

/** A stage that records every hook it sees, in order, and may refuse at one. */
function recorder(events: string[], refuseAt?: 'beforeCall' | 'afterCall', accounted: RequestContext[] = []): Stage {
  const refuse = (hook: string) => {
    if (refuseAt === hook) throw new PermissionDeniedError({ message: `refused at ${hook}` });
  };
  return {
    name: 'recorder',
    authenticate: () => void events.push('authenticate'),
    beforeCall: async (context) => {
      events.push(`beforeCall model=${context.model}`);
      refuse('beforeCall');
    },
    afterCall: (context) => {
      events.push(`afterCall provider=${context.provider}`);
      refuse('afterCall');
    },
    account: (context) => {
      events.push(`account ${context.outcome?.status} tokens=${context.usage?.total_tokens}`);
      accounted.push(context);
    },
  };
}

async function gatewayWith(stages: Stage[]): Promise<Gateway> {
  return createGateway({
    config: {
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/m', api_key: 'k', api_base: 'http://127.0.0.1:9' },
          model_info: {},
        },
      ],
      litellm_settings: {},
      router_settings: {},
      general_settings: {},
      environment_variables: {},
    },
    transport,
    log: new RequestLog('silent'),
    version: 'test',
    stages,
  });
}

function request(body: object, path = '/v1/chat/completions'): GatewayRequest {
  return {
    method: 'POST',
    path,
    query: '',
    headers: { 'content-type': 'application/json' },
    body: encoder.encode(JSON.stringify(body)),
    signal: { aborted: false, reason: undefined, addEventListener() {}, removeEventListener() {} },
    requestId: 'r1',
    startedAt: performance.now(),
  };
}

async function send(gateway: Gateway, body: object): Promise<GatewayResponse> {
  const admission = await gateway.admit(request(body));
  if (admission.refusal) return admission.refusal;
  return gateway.handle(admission);
}

async function drain(response: GatewayResponse): Promise<string> {
  if (!('stream' in response)) return response.body;
  let text = '';
  for await (const part of response.stream) text += typeof part === 'string' ? part : new TextDecoder().decode(part);
  return text;
}

const chat = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

describe('the request pipeline', () => {
  test('runs the hooks in order and accounts once, with usage', async () => {
    const events: string[] = [];
    const response = await send(await gatewayWith([recorder(events)]), chat);
    assert.equal(response.status, 200);
    assert.deepEqual(events, [
      'authenticate',
      'beforeCall model=m',
      'afterCall provider=openai',
      'account 200 tokens=4',
    ]);
  });

  test('a stream is accounted when it ends, not when it starts', async () => {
    const events: string[] = [];
    const response = await send(await gatewayWith([recorder(events)]), { ...chat, stream: true });
    assert.deepEqual(events, ['authenticate', 'beforeCall model=m', 'afterCall provider=openai']);
    assert.match(await drain(response), /three[\s\S]*\[DONE\]/);
    assert.equal(events.length, 4);
    assert.match(events[3] as string, /^account 200 tokens=\d+$/);
  });

  test('a beforeCall refusal answers with its status, makes no call, and is accounted once', async () => {
    const events: string[] = [];
    const response = await send(await gatewayWith([recorder(events, 'beforeCall')]), chat);
    assert.equal(response.status, 403);
    assert.match(await drain(response), /refused at beforeCall/);
    assert.deepEqual(events, ['authenticate', 'beforeCall model=m', 'account 403 tokens=undefined']);
  });

  test('an afterCall refusal of a stream releases the stream and is accounted once', async () => {
    const events: string[] = [];
    const accounted: RequestContext[] = [];
    const response = await send(await gatewayWith([recorder(events, 'afterCall', accounted)]), {
      ...chat,
      stream: true,
    });
    assert.equal(response.status, 403);
    assert.equal(events.filter((event) => event.startsWith('account')).length, 1);
    assert.equal(accounted[0]?.outcome?.status, 403);
  });

  test('a stream never read (the client left first) is abandoned and accounted once as 499', async () => {
    const events: string[] = [];
    const response = await send(await gatewayWith([recorder(events)]), { ...chat, stream: true });
    assert.ok('stream' in response);
    await response.abandon();
    assert.equal(events.length, 4);
    assert.match(events[3] as string, /^account 499 tokens=/);
  });

  test('a beforeCall stage reads the validated call and may change it before it is sent', async () => {
    const seen: unknown[] = [];
    const policy: Stage = {
      name: 'policy',
      beforeCall(context) {
        seen.push((context.callParams?.messages as unknown[] | undefined)?.length);
        if (context.callParams) context.callParams.temperature = 0.25;
      },
    };
    sent.length = 0;
    const response = await send(await gatewayWith([policy]), chat);
    assert.equal(response.status, 200);
    assert.deepEqual(seen, [1]);
    assert.equal(JSON.parse(sent[0] as string).temperature, 0.25);
  });

  test('an account hook that throws stops neither the others nor the answer', async () => {
    const events: string[] = [];
    const failing: Stage = {
      name: 'failing',
      account: () => {
        throw new Error('accountant down');
      },
    };
    const response = await send(await gatewayWith([failing, recorder(events)]), chat);
    assert.equal(response.status, 200);
    assert.deepEqual(events.at(-1), 'account 200 tokens=4');
  });
});
