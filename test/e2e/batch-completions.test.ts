import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';

/** A chat answer whose text names the upstream, so each batch item can be traced to its model. */
function answer(text: string) {
  return {
    id: `chatcmpl-${text}`,
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  };
}

describe('batch completions: "model": "a,b" answers once per model, as LiteLLM', () => {
  let first: MockUpstream;
  let second: MockUpstream;
  let broken: MockUpstream;
  let proxy: RunningProxy;

  before(async () => {
    first = await startMockUpstream((_request, response) => replyJson(response, 200, answer('from-first')));
    second = await startMockUpstream(async (_request, response) => {
      // Slower, so the order of the list is the order asked, not the order answered.
      await new Promise((resolve) => setTimeout(resolve, 100));
      replyJson(response, 200, answer('from-second'));
    });
    broken = await startMockUpstream((_request, response) => replyJson(response, 500, { error: { message: 'down' } }));
    const at = (upstream: MockUpstream) => ({
      model: 'openai/gpt-4o',
      api_base: `${upstream.url}/v1`,
      api_key: 'sk-test',
    });
    proxy = await startTestProxy({
      model_list: [
        { model_name: 'gpt-4o', litellm_params: at(first), model_info: { id: 'first' } },
        { model_name: 'claude-sonnet', litellm_params: at(second), model_info: { id: 'second' } },
        { model_name: 'broken', litellm_params: at(broken), model_info: { id: 'broken' } },
      ],
      router_settings: { num_retries: 0 },
    });
  });
  after(async () => {
    await proxy.stop();
    for (const upstream of [first, second, broken]) await upstream.close();
  });

  async function chat(body: Record<string, unknown>) {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], ...body }),
    });
    return { response, json: (await response.json()) as unknown };
  }

  const texts = (list: unknown) =>
    (list as { choices?: { message: { content: string } }[]; error?: { message: string } }[]).map(
      (item) => item.choices?.[0]?.message.content ?? `error: ${item.error?.message}`,
    );

  test('two model groups: a list of two chat completions, in the order asked', async () => {
    const { response, json } = await chat({ model: 'claude-sonnet, gpt-4o' });
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(json));
    assert.deepEqual(texts(json), ['from-second', 'from-first']);
    assert.equal((json as { object: string }[])[0]?.object, 'chat.completion');
  });

  test('a model that fails has its error in its place; the others still answer', async () => {
    const { response, json } = await chat({ model: 'gpt-4o,broken' });
    assert.equal(response.status, 200);
    const [ok, failed] = json as { error?: { type: string } }[];
    assert.deepEqual(texts([ok]), ['from-first']);
    assert.equal(failed?.error?.type, 'internal_server_error');
  });

  test('fastest_response: true answers with the first completion only', async () => {
    const { response, json } = await chat({ model: 'gpt-4o,claude-sonnet', fastest_response: true });
    assert.equal(response.status, 200);
    assert.equal((json as { choices: { message: { content: string } }[] }).choices[0]?.message.content, 'from-first');
    assert.equal(response.headers.get('x-litellm-fastest_response_batch_completion'), 'true');
  });

  test('an unknown model, a stream, or too many models is a 400 before any upstream call', async () => {
    const before = first.requests.length + second.requests.length;
    for (const body of [
      { model: 'gpt-4o,nope' },
      { model: 'gpt-4o,claude-sonnet', stream: true },
      { model: Array.from({ length: 11 }, (_, index) => `m${index}`).join(',') },
    ]) {
      const { response } = await chat(body);
      assert.equal(response.status, 400, JSON.stringify(body));
    }
    assert.equal(first.requests.length + second.requests.length, before);
  });
});
