import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadRequestError } from '../../errors/index.js';
import {
  paramPath,
  shortValue,
  validateAnthropicCountTokensBody,
  validateAnthropicMessagesBody,
  validateChatCompletionBody,
  validateCompletionBody,
  validateEmbeddingBody,
} from './validate-request.js';

const user = [{ role: 'user', content: 'Hi' }];

/** The 400 a validator throws, as the client sees it. */
function rejection(validate: (body: Record<string, unknown>) => void, body: Record<string, unknown>) {
  try {
    validate(body);
  } catch (error) {
    assert.ok(error instanceof BadRequestError, `expected a BadRequestError, got ${String(error)}`);
    assert.equal(error.status, 400);
    return error.toJSON().error;
  }
  assert.fail(`expected ${JSON.stringify(body).slice(0, 200)} to be rejected`);
}

describe('chat completion bodies', () => {
  test('valid bodies pass, with nulls for optional fields and unknown provider fields', () => {
    validateChatCompletionBody({ model: 'gpt', messages: user });
    validateChatCompletionBody({
      model: 'gpt',
      messages: [
        { role: 'system', content: 'Be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: {} }] },
        { role: 'tool', content: '42', tool_call_id: 'c1' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 2,
      top_p: 0,
      n: 128,
      max_tokens: null,
      max_completion_tokens: 1,
      presence_penalty: -2,
      frequency_penalty: 2,
      logprobs: true,
      top_logprobs: 20,
      tools: [{ type: 'function', function: { name: 'f' } }],
      stop: ['a', 'b'],
      seed: 2 ** 63,
      top_k: 5,
      mock_testing_fallbacks: true,
      metadata: { tags: ['a'] },
    });
  });

  const cases: [string, Record<string, unknown>, string, string][] = [
    ['stream "yes"', { stream: 'yes' }, 'stream', 'invalid_type'],
    ['stream 1', { stream: 1 }, 'stream', 'invalid_type'],
    ['stream {}', { stream: {} }, 'stream', 'invalid_type'],
    ['temperature above 2', { temperature: 2.5 }, 'temperature', 'decimal_above_max_value'],
    ['top_p below 0', { top_p: -0.1 }, 'top_p', 'decimal_below_min_value'],
    ['n of 0', { n: 0 }, 'n', 'integer_below_min_value'],
    ['n above 128', { n: 129 }, 'n', 'integer_above_max_value'],
    ['n not an integer', { n: 1.5 }, 'n', 'invalid_type'],
    ['max_tokens of 0', { max_tokens: 0 }, 'max_tokens', 'integer_below_min_value'],
    ['max_completion_tokens as text', { max_completion_tokens: '5' }, 'max_completion_tokens', 'invalid_type'],
    ['presence_penalty below -2', { presence_penalty: -3 }, 'presence_penalty', 'integer_below_min_value'],
    ['frequency_penalty above 2', { frequency_penalty: 2.01 }, 'frequency_penalty', 'decimal_above_max_value'],
    ['logprobs as a number', { logprobs: 1 }, 'logprobs', 'invalid_type'],
    ['top_logprobs above 20', { top_logprobs: 21 }, 'top_logprobs', 'integer_above_max_value'],
    ['tools not objects', { tools: ['f'] }, 'tools[0]', 'invalid_type'],
    ['stop of numbers', { stop: [1] }, 'stop[0]', 'invalid_type'],
    ['seed not an integer', { seed: 0.5 }, 'seed', 'invalid_type'],
    ['stream_options a string', { stream_options: 'x' }, 'stream_options', 'invalid_type'],
    ['model a number', { model: 5 }, 'model', 'invalid_type'],
  ];
  for (const [name, fields, param, code] of cases) {
    test(`${name} is refused, naming '${param}'`, () => {
      const error = rejection(validateChatCompletionBody, { model: 'gpt', messages: user, ...fields });
      assert.equal(error.param, param);
      assert.equal(error.code, code);
      assert.equal(error.type, 'invalid_request_error');
      assert.ok(error.message.includes(`'${param}'`), error.message);
    });
  }

  test('messages: required, non-empty, objects with a known role and content', () => {
    assert.equal(rejection(validateChatCompletionBody, { model: 'gpt' }).code, 'missing_required_parameter');
    assert.equal(rejection(validateChatCompletionBody, { model: 'gpt', messages: [] }).code, 'empty_array');
    assert.equal(rejection(validateChatCompletionBody, { model: 'gpt', messages: {} }).param, 'messages');
    assert.equal(rejection(validateChatCompletionBody, { model: 'gpt', messages: ['hi'] }).param, 'messages[0]');
    const role = rejection(validateChatCompletionBody, {
      model: 'gpt',
      messages: [...user, { role: 'nope', content: 'x' }],
    });
    assert.equal(role.param, 'messages[1].role');
    assert.match(role.message, /'nope'.*'system', 'developer', 'user', 'assistant', 'tool', 'function'/);
    const missing = rejection(validateChatCompletionBody, { model: 'gpt', messages: [{ role: 'user' }] });
    assert.equal(missing.param, 'messages[0].content');
    assert.equal(missing.code, 'missing_required_parameter');
    const wrongContent = rejection(validateChatCompletionBody, {
      model: 'gpt',
      messages: [{ role: 'user', content: 5 }],
    });
    assert.equal(wrongContent.param, 'messages[0].content');
    assert.match(wrongContent.message, /expected a string or an array of content parts, but got a number/);
    // Inside an array of parts, the problem is named down to the part.
    const part = rejection(validateChatCompletionBody, {
      model: 'gpt',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { text: 'b' }] }],
    });
    assert.equal(part.param, 'messages[0].content[1].type');
  });

  test('a huge wrong value is not echoed back', () => {
    const huge = 'x'.repeat(100_000);
    const error = rejection(validateChatCompletionBody, { model: 'gpt', messages: [{ role: huge, content: 'a' }] });
    assert.ok(error.message.length < 300, `message of ${error.message.length} characters`);
    const typed = rejection(validateChatCompletionBody, { model: 'gpt', messages: user, stream: huge });
    assert.ok(!typed.message.includes('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'));
  });
});

describe('completion and embedding bodies', () => {
  test('prompt is required and is text, texts, tokens or token lists', () => {
    for (const prompt of ['a', ['a', 'b'], [1, 2], [[1], [2, 3]]]) validateCompletionBody({ model: 'm', prompt });
    assert.equal(rejection(validateCompletionBody, { model: 'm' }).code, 'missing_required_parameter');
    assert.equal(rejection(validateCompletionBody, { model: 'm', prompt: {} }).param, 'prompt');
    assert.equal(rejection(validateCompletionBody, { model: 'm', prompt: 'a', temperature: 3 }).param, 'temperature');
    assert.equal(rejection(validateCompletionBody, { model: 'm', prompt: 'a', logprobs: 6 }).param, 'logprobs');
    validateCompletionBody({ model: 'm', prompt: 'a', max_tokens: 0, echo: true });
  });

  test('input is required and is text, texts, tokens or token lists', () => {
    for (const input of ['a', ['a', 'b'], [1, 2], [[1], [2, 3]]]) validateEmbeddingBody({ model: 'm', input });
    assert.equal(rejection(validateEmbeddingBody, { model: 'm' }).param, 'input');
    assert.equal(rejection(validateEmbeddingBody, { model: 'm', input: 5 }).code, 'invalid_type');
    assert.equal(rejection(validateEmbeddingBody, { model: 'm', input: 'a', dimensions: 0 }).param, 'dimensions');
  });
});

describe('Anthropic message bodies', () => {
  const valid = { model: 'claude', max_tokens: 10, messages: user };

  test('valid bodies pass, with unknown fields', () => {
    validateAnthropicMessagesBody({
      ...valid,
      system: [{ type: 'text', text: 'Be brief' }],
      stream: true,
      temperature: 1,
      top_p: 0.5,
      top_k: 0,
      stop_sequences: ['x'],
      tools: [{ name: 'f', input_schema: {} }],
      container: 'anything',
    });
    validateAnthropicCountTokensBody({ model: 'claude', messages: user, system: 'Be brief' });
  });

  test('roles are user and assistant only, max_tokens is required, ranges are Anthropic’s', () => {
    const role = rejection(validateAnthropicMessagesBody, { ...valid, messages: [{ role: 'nope', content: 'x' }] });
    assert.equal(role.param, 'messages[0].role');
    assert.match(role.message, /'user', 'assistant'/);
    assert.equal(
      rejection(validateAnthropicMessagesBody, { ...valid, messages: [{ role: 'system', content: 'x' }] }).param,
      'messages[0].role',
    );
    assert.equal(rejection(validateAnthropicMessagesBody, { model: 'claude', messages: user }).param, 'max_tokens');
    assert.equal(rejection(validateAnthropicMessagesBody, { ...valid, max_tokens: 0 }).param, 'max_tokens');
    assert.equal(rejection(validateAnthropicMessagesBody, { ...valid, temperature: 1.5 }).param, 'temperature');
    assert.equal(rejection(validateAnthropicMessagesBody, { ...valid, top_k: -1 }).param, 'top_k');
    assert.equal(rejection(validateAnthropicMessagesBody, { ...valid, stream: 'yes' }).param, 'stream');
    assert.equal(rejection(validateAnthropicMessagesBody, { ...valid, system: 5 }).param, 'system');
    assert.equal(
      rejection(validateAnthropicMessagesBody, { ...valid, messages: [{ role: 'user' }] }).param,
      'messages[0].content',
    );
    assert.equal(rejection(validateAnthropicCountTokensBody, { model: 'claude', messages: 'x' }).param, 'messages');
  });
});

describe('helpers', () => {
  test('paramPath writes OpenAI’s field paths', () => {
    assert.equal(paramPath(['messages', 0, 'content', 2, 'type']), 'messages[0].content[2].type');
    assert.equal(paramPath(['stream']), 'stream');
  });

  test('shortValue cuts strings and never prints objects', () => {
    assert.equal(shortValue('a'.repeat(50)), `'${'a'.repeat(40)}…'`);
    assert.equal(shortValue({ secret: 'sk-1' }), 'an object');
    assert.equal(shortValue([1]), 'an array');
    assert.equal(shortValue(3), '3');
  });
});
