import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readSpec } from '../../../test-support/fixtures.js';
import { BadRequestError } from '../../errors/index.js';
import type { ChatCompletionRequest, ChatMessage } from '../../spec/openai-chat.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';
import { toAnthropicRequest } from './to-anthropic-request.js';
import { toAnthropicToolChoice } from './to-anthropic-tools.js';

const spec = readSpec('anthropic-openapi.json');
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'anthropic', components: spec.components });
const validateCreateMessage = ajv.compile({ $ref: 'anthropic#/components/schemas/CreateMessageParams' });
// Features behind an `anthropic-beta` flag (uploaded files …) are only in the beta variant of the schema.
const validateBetaCreateMessage = ajv.compile({ $ref: 'anthropic#/components/schemas/BetaCreateMessageParams' });

/** Translates and checks the body against Anthropic's published (beta when flagged) `CreateMessageParams` schema. */
function translate(request: Partial<ChatCompletionRequest>, options?: Parameters<typeof toAnthropicRequest>[1]) {
  const translation = toAnthropicRequest(
    { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], ...request },
    options,
  );
  const validate = translation.betas.length > 0 ? validateBetaCreateMessage : validateCreateMessage;
  if (!validate(translation.body)) {
    assert.fail(`not a CreateMessageParams: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  return translation;
}

describe('toAnthropicRequest', () => {
  test('tool_choice follows LiteLLM: auto→auto, required→any, none→none, named→tool; parallel_tool_calls is inverted', () => {
    assert.deepEqual(toAnthropicToolChoice('auto', undefined), { type: 'auto' });
    assert.deepEqual(toAnthropicToolChoice('required', undefined), { type: 'any' });
    assert.deepEqual(toAnthropicToolChoice('none', undefined), { type: 'none' });
    assert.deepEqual(toAnthropicToolChoice({ type: 'function', function: { name: 'f' } }, undefined), {
      type: 'tool',
      name: 'f',
    });
    assert.deepEqual(toAnthropicToolChoice(undefined, false), { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(toAnthropicToolChoice('required', true), { type: 'any', disable_parallel_tool_use: false });
    assert.deepEqual(toAnthropicToolChoice('none', false), { type: 'none' });
    assert.equal(toAnthropicToolChoice(undefined, undefined), undefined);
    const tools = [
      { type: 'function' as const, function: { name: 'f', parameters: { type: 'object', properties: {} } } },
    ];
    assert.deepEqual(
      translate({ tools, tool_choice: { type: 'function', function: { name: 'f' } } }).body.tool_choice,
      {
        type: 'tool',
        name: 'f',
      },
    );
  });

  test('reasoning_effort maps to LiteLLM budgets and raises max_tokens by the budget when none is given', () => {
    for (const [effort, budget] of [
      ['low', 1024],
      ['medium', 2048],
      ['high', 4096],
    ] as const) {
      const { body } = translate({ reasoning_effort: effort });
      assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: budget });
      assert.equal(body.max_tokens, budget + 4096);
    }
    assert.equal(translate({ reasoning_effort: 'high', max_tokens: 9000 }).body.max_tokens, 9000);
    assert.equal(translate({ reasoning_effort: 'none' }).body.thinking, undefined);
    const minimal = translate({ reasoning_effort: 'minimal' });
    assert.deepEqual(minimal.body.thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.equal(minimal.warnings[0]?.type, 'clamped-param');
    assert.throws(() => translate({ reasoning_effort: 'xhigh' }), BadRequestError);
  });

  test('thinking passes through and wins over reasoning_effort; response_format then does not force the tool', () => {
    const { body, jsonMode } = translate({
      thinking: { type: 'enabled', budget_tokens: 3000 },
      reasoning_effort: 'low',
      response_format: { type: 'json_object' },
    });
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 3000 });
    assert.equal(body.max_tokens, 7096);
    assert.equal(jsonMode, true);
    assert.equal(body.tool_choice, undefined, 'Anthropic rejects a forced tool with thinking on');
    assert.equal(body.tools?.[0]?.name, 'json_tool_call');
  });

  test('max_completion_tokens becomes max_tokens; stop becomes stop_sequences; temperature/top_p/top_k pass', () => {
    const { body } = translate({ max_completion_tokens: 123, stop: 'STOP', temperature: 0, top_p: 0.5, top_k: 3 });
    assert.equal(body.max_tokens, 123);
    assert.deepEqual(body.stop_sequences, ['STOP']);
    assert.equal(body.temperature, 0);
    assert.equal(body.top_p, 0.5);
    assert.equal(body.top_k, 3);
    assert.deepEqual(translate({ stop: ['a', 'b'] }).body.stop_sequences, ['a', 'b']);
    assert.equal(translate({}).body.max_tokens, 4096);
  });

  test('json_schema becomes the forced json_tool_call tool with the schema, after the caller tools', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const { body, jsonMode } = translate({
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
      response_format: { type: 'json_schema', json_schema: { name: 'a', schema, strict: true } },
    });
    assert.equal(jsonMode, true);
    assert.deepEqual(
      body.tools?.map((tool) => tool.name),
      ['lookup', 'json_tool_call'],
    );
    assert.deepEqual((body.tools?.[1] as { input_schema?: unknown } | undefined)?.input_schema, schema);
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'json_tool_call' });
    assert.equal(translate({ response_format: { type: 'text' } }).jsonMode, false);
  });

  test('unsupported OpenAI params are not sent but reported; unknown extras pass through', () => {
    const { body, warnings } = translate({ seed: 7, logprobs: true, n: 1, container: undefined });
    assert.equal(body.seed, undefined);
    assert.equal(body.logprobs, undefined);
    assert.deepEqual(warnings.map((warning) => warning.param).sort(), ['logprobs', 'seed']);
    const withExtra = toAnthropicRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      context_management: { edits: [] },
    });
    assert.deepEqual(withExtra.body.context_management, { edits: [] });
  });

  test('web_search_options becomes the hosted web search tool', () => {
    const { body } = translate({
      web_search_options: {
        search_context_size: 'medium',
        user_location: { type: 'approximate', approximate: { city: 'Paris', country: 'FR' } },
      },
    });
    assert.deepEqual(body.tools, [
      {
        type: 'web_search_20250305',
        name: 'web_search',
        max_uses: 5,
        user_location: { type: 'approximate', city: 'Paris', country: 'FR' },
      },
    ]);
  });

  test('files: a PDF data URL is a document block; an uploaded file id adds the files beta', () => {
    const { body, betas } = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
            { type: 'file', file: { file_id: 'file_abc' } },
            { type: 'text', text: 'Summarize both', cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
      ],
    });
    assert.deepEqual(body.messages[0]?.content, [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } },
      { type: 'document', source: { type: 'file', file_id: 'file_abc' } },
      { type: 'text', text: 'Summarize both', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    assert.deepEqual(betas, ['files-api-2025-04-14']);
  });

  test('content Anthropic cannot take is a BadRequestError', () => {
    const image = (url: string): ChatMessage => ({
      role: 'user',
      content: [{ type: 'image_url', image_url: { url } }],
    });
    assert.throws(() => translate({ messages: [image('ftp://example.com/a.png')] }), BadRequestError);
    assert.throws(() => translate({ messages: [image('data:image/bmp;base64,Qk0=')] }), BadRequestError);
    assert.throws(
      () =>
        translate({
          messages: [
            { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }] },
          ],
        }),
      BadRequestError,
    );
    const notObject: ChatMessage = {
      role: 'assistant',
      tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }],
    };
    assert.throws(() => translate({ messages: [{ role: 'user', content: 'x' }, notObject] }), BadRequestError);
  });
});

describe('toAnthropicMessages', () => {
  test('one system message without cache_control is a plain string', () => {
    const { system } = toAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    assert.equal(system, 'Be brief.');
  });

  test('a system message with cache_control keeps its blocks; message-level cache_control reaches the block', () => {
    const { system, messages } = toAnthropicMessages([
      { role: 'system', content: 'Long policy', cache_control: { type: 'ephemeral' } } as ChatMessage,
      { role: 'user', content: 'Hi', cache_control: { type: 'ephemeral' } } as ChatMessage,
    ]);
    assert.deepEqual(system, [{ type: 'text', text: 'Long policy', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(messages[0]?.content, [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }]);
  });

  test('consecutive assistant messages merge, and the final assistant prefill loses trailing whitespace', () => {
    const { messages, warnings } = toAnthropicMessages([
      { role: 'user', content: 'Count' },
      { role: 'assistant', content: 'One,' },
      { role: 'assistant', content: '' },
      { role: 'assistant', content: [{ type: 'text', text: 'two, ' }] },
    ]);
    assert.deepEqual(messages, [
      { role: 'user', content: [{ type: 'text', text: 'Count' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'One,' },
          { type: 'text', text: 'two,' },
        ],
      },
    ]);
    assert.deepEqual(warnings, []);
  });

  test('redacted thinking blocks are sent back first, unchanged', () => {
    const { messages } = toAnthropicMessages([
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        content: 'Hello',
        thinking_blocks: [
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        ],
      },
      { role: 'user', content: 'Go on' },
    ]);
    assert.deepEqual(messages[1]?.content, [
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'thinking', thinking: 'hmm', signature: 'sig' },
      { type: 'text', text: 'Hello' },
    ]);
  });

  test('a conversation of only system messages still starts with a user turn', () => {
    const { messages, warnings, system } = toAnthropicMessages([{ role: 'developer', content: 'Rules' }]);
    assert.deepEqual(messages, [{ role: 'user', content: [{ type: 'text', text: '.' }] }]);
    assert.equal(system, 'Rules');
    assert.equal(warnings.length, 1);
  });
});
