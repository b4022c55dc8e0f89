import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { geminiSchemaValidator } from '../../../test-support/gemini-spec.js';
import { BadRequestError, UnsupportedParamsError } from '../../errors/index.js';
import type { LiteLLMParams } from '../../spec/litellm-params.js';
import type { ChatCompletionRequest, ChatMessage } from '../../spec/openai-chat.js';
import type { Warning } from '../../spec/warning.js';
import { GEMINI_DUMMY_THOUGHT_SIGNATURE } from './gemini-tool-call-id.js';
import { toGeminiRequest } from './to-gemini-request.js';
import type { GeminiGenerateContentRequest } from './wire.js';

const validateRequest = geminiSchemaValidator('GenerateContentRequest');

function assertValidGeminiRequest(body: unknown): void {
  if (!validateRequest(body)) {
    assert.fail(
      `not a valid GenerateContentRequest: ${JSON.stringify(validateRequest.errors?.slice(0, 5), null, 1)}\n${JSON.stringify(body).slice(0, 800)}`,
    );
  }
}

interface Built {
  body: GeminiGenerateContentRequest;
  warnings: Warning[];
}

function build(
  request: Partial<ChatCompletionRequest> & { messages?: ChatMessage[] },
  options: { modelId?: string; params?: LiteLLMParams } = {},
): Built {
  const warnings: Warning[] = [];
  const modelId = options.modelId ?? 'gemini-2.5-flash';
  const full: ChatCompletionRequest = { model: modelId, messages: [{ role: 'user', content: 'Hi' }], ...request };
  const body = toGeminiRequest({ request: full, modelId, params: options.params ?? {}, warnings });
  assertValidGeminiRequest(body);
  return { body, warnings };
}

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
  { role: 'user', content: 'Weather in Paris and Rome?' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Also this image:' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 'https://example.com/photos/cat.JPG?size=2' } },
    ],
  },
  {
    role: 'assistant',
    content: 'Checking.',
    tool_calls: [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      {
        id: 'call_b__thought__c2lnbmF0dXJl',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ],
  },
  { role: 'tool', tool_call_id: 'call_a', content: '{"temp_c": 21}' },
  { role: 'tool', tool_call_id: 'call_b__thought__c2lnbmF0dXJl', content: [{ type: 'text', text: 'sunny' }] },
  { role: 'user', content: 'Thanks' },
  { role: 'assistant', content: 'You are welcome.' },
  { role: 'assistant', content: [{ type: 'text', text: 'Anything else?' }] },
  { role: 'user', content: 'No.' },
];

describe('toGeminiRequest: messages', () => {
  test('system and developer messages become systemInstruction; turns are grouped and roles mapped', () => {
    const { body } = build({ messages: conversation });
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'You are terse.' }, { text: 'Answer in English.' }] });
    assert.deepEqual(body.contents, [
      {
        role: 'user',
        parts: [
          { text: 'Weather in Paris and Rome?' },
          { text: 'Also this image:' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { fileUri: 'https://example.com/photos/cat.JPG?size=2', mimeType: 'image/jpeg' } },
        ],
      },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_weather', args: { city: 'Rome' } }, thoughtSignature: 'c2lnbmF0dXJl' },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp_c: 21 } } },
          { functionResponse: { name: 'get_weather', response: { content: 'sunny' } } },
        ],
      },
      { role: 'user', parts: [{ text: 'Thanks' }] },
      { role: 'model', parts: [{ text: 'You are welcome.' }, { text: 'Anything else?' }] },
      { role: 'user', parts: [{ text: 'No.' }] },
    ]);
  });

  test('Gemini 3 replays a stand-in thought signature on tool calls that carry none', () => {
    const { body } = build({ messages: conversation }, { modelId: 'gemini-3-pro-preview' });
    const calls = body.contents[1]?.parts.filter((part) => part.functionCall) ?? [];
    assert.deepEqual(
      calls.map((part) => part.thoughtSignature),
      [GEMINI_DUMMY_THOUGHT_SIGNATURE, 'c2lnbmF0dXJl'],
    );
  });

  test('audio, files, gs:// and Files API URIs; an image-only turn gets the blank text Vertex needs', () => {
    const { body } = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
            { type: 'file', file: { file_id: 'gs://bucket/doc.pdf' } },
            {
              type: 'file',
              file: { file_id: 'https://generativelanguage.googleapis.com/v1beta/files/abc', format: 'video/mp4' },
            },
            { type: 'image_url', image_url: { url: 'gs://bucket/x.webp' } },
            { type: 'image_url', image_url: { url: 'https://example.com/no-extension' } },
          ],
        },
      ],
    });
    assert.deepEqual(body.contents, [
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
          { fileData: { fileUri: 'gs://bucket/doc.pdf', mimeType: 'application/pdf' } },
          {
            fileData: { fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc', mimeType: 'video/mp4' },
          },
          { fileData: { fileUri: 'gs://bucket/x.webp', mimeType: 'image/webp' } },
          { fileData: { fileUri: 'https://example.com/no-extension' } },
          { text: ' ' },
        ],
      },
    ]);
  });

  test('legacy function messages, a lone system message, and Gemma (no system instruction)', () => {
    const legacy = build({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    });
    assert.deepEqual(legacy.body.contents[1], {
      role: 'user',
      parts: [{ functionResponse: { name: 'lookup', response: { content: 'found' } } }],
    });
    const lone = build({ messages: [{ role: 'system', content: 'Only a system prompt' }] });
    assert.deepEqual(lone.body.contents, [{ role: 'user', parts: [{ text: '.' }] }]);
    const gemma = build(
      {
        messages: [
          { role: 'system', content: 'Rules' },
          { role: 'user', content: 'Hi' },
        ],
      },
      { modelId: 'gemma-3-27b-it' },
    );
    assert.equal(gemma.body.systemInstruction, undefined);
    assert.deepEqual(gemma.body.contents, [{ role: 'user', parts: [{ text: 'Rules' }, { text: 'Hi' }] }]);
  });

  test('a tool result for an unknown call and unparsable arguments are 400s naming the field', () => {
    assert.throws(
      () =>
        build({
          messages: [
            { role: 'user', content: 'x' },
            { role: 'tool', tool_call_id: 'nope', content: 'r' },
          ],
        }),
      (error: unknown) => error instanceof BadRequestError && error.param === 'messages[1].tool_call_id',
    );
    const badArguments: ChatMessage = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{not json' } }],
    };
    assert.throws(
      () => build({ messages: [{ role: 'user', content: 'x' }, badArguments] }),
      (error: unknown) =>
        error instanceof BadRequestError && error.param === 'messages[1].tool_calls[0].function.arguments',
    );
  });
});

describe('toGeminiRequest: tools', () => {
  test('JSON Schema parameters are cleaned into Gemini schemas ($ref inlined, null → nullable, unknown keys dropped)', () => {
    const { body } = build({
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Find a thing',
            strict: true,
            parameters: {
              $schema: 'http://json-schema.org/draft-07/schema#',
              type: 'object',
              additionalProperties: false,
              properties: {
                query: { type: 'string', description: 'q', format: 'uri' },
                limit: { type: ['integer', 'null'], minimum: 1 },
                filter: { $ref: '#/$defs/Filter' },
                tags: { type: 'array', items: { $ref: '#/$defs/Tag' } },
                mode: { anyOf: [{ type: 'string', enum: ['a', 'b', ''] }, { type: 'null' }], description: 'mode' },
                when: { type: 'string', format: 'date-time' },
                tree: { $ref: '#/$defs/Node' },
              },
              required: ['query'],
              $defs: {
                Filter: {
                  type: 'object',
                  title: 'Filter',
                  additionalProperties: false,
                  properties: { field: { type: 'string' }, value: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
                  required: ['field'],
                },
                Tag: { type: 'string', const: 'x' },
                Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } },
              },
            },
          },
        },
        { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
        { type: 'function', function: { name: 'noop' } },
      ],
    });
    assert.deepEqual(body.tools, [
      {
        functionDeclarations: [
          {
            name: 'lookup',
            description: 'Find a thing',
            parameters: {
              type: 'OBJECT',
              properties: {
                query: { type: 'STRING', description: 'q' },
                limit: { type: 'INTEGER', minimum: 1, nullable: true },
                filter: {
                  type: 'OBJECT',
                  title: 'Filter',
                  properties: { field: { type: 'STRING' }, value: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] } },
                  required: ['field'],
                },
                tags: { type: 'ARRAY', items: { type: 'STRING', enum: ['x'] } },
                mode: { type: 'STRING', enum: ['a', 'b'], description: 'mode', nullable: true },
                when: { type: 'STRING', format: 'date-time' },
                tree: { type: 'OBJECT', properties: { child: { type: 'OBJECT' } } },
              },
              required: ['query'],
            },
          },
          { name: 'ping' },
          { name: 'noop' },
        ],
      },
    ]);
  });

  test('tool_choice maps to functionCallingConfig; web_search_options adds Google Search', () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } },
      },
    ];
    const cases: [ChatCompletionRequest['tool_choice'], unknown][] = [
      ['auto', { functionCallingConfig: { mode: 'AUTO' } }],
      ['none', { functionCallingConfig: { mode: 'NONE' } }],
      ['required', { functionCallingConfig: { mode: 'ANY' } }],
      [
        { type: 'function', function: { name: 'f' } },
        { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } },
      ],
    ];
    for (const [choice, expected] of cases)
      assert.deepEqual(build({ tools, tool_choice: choice }).body.toolConfig, expected);
    assert.deepEqual(build({ tools, web_search_options: {} }).body.tools?.[1], { googleSearch: {} });
  });

  test('parallel_tool_calls=false with several tools is refused unless drop_params', () => {
    const tools = ['a', 'b'].map((name) => ({ type: 'function' as const, function: { name } }));
    assert.throws(() => build({ tools, parallel_tool_calls: false }), UnsupportedParamsError);
    const dropped = build({ tools, parallel_tool_calls: false }, { params: { drop_params: true } });
    assert.deepEqual(
      dropped.warnings.map((warning) => warning.param),
      ['parallel_tool_calls'],
    );
  });
});

describe('toGeminiRequest: generationConfig', () => {
  test('sampling and output fields', () => {
    const { body, warnings } = build({
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      max_tokens: 100,
      max_completion_tokens: 200,
      stop: ['END', 'STOP'],
      n: 2,
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      logprobs: true,
      top_logprobs: 3,
      modalities: ['text'],
    });
    assert.deepEqual(body.generationConfig, {
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 200,
      stopSequences: ['END', 'STOP'],
      candidateCount: 2,
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseLogprobs: true,
      logprobs: 3,
      responseModalities: ['TEXT'],
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(build({ max_tokens: 50, stop: 'END' }).body.generationConfig, {
      maxOutputTokens: 50,
      stopSequences: ['END'],
    });
    assert.equal(build({}).body.generationConfig, undefined);
  });

  test('Gemini 3 rejects penalties: they are dropped with a warning', () => {
    const { body, warnings } = build(
      { presence_penalty: 0.5, frequency_penalty: 0.5 },
      { modelId: 'gemini-3-pro-preview' },
    );
    assert.equal(body.generationConfig, undefined);
    assert.deepEqual(
      warnings.map((warning) => warning.param),
      ['presence_penalty', 'frequency_penalty'],
    );
  });

  test('response_format: json_object, text, responseJsonSchema on Gemini 2+, cleaned responseSchema before', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        name: { type: 'string' },
        address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } } },
      },
      required: ['name'],
      additionalProperties: false,
    };
    const jsonSchema = { type: 'json_schema' as const, json_schema: { name: 'person', strict: true, schema } };
    assert.deepEqual(build({ response_format: { type: 'json_object' } }).body.generationConfig, {
      responseMimeType: 'application/json',
    });
    assert.deepEqual(build({ response_format: { type: 'text' } }).body.generationConfig, {
      responseMimeType: 'text/plain',
    });
    const { $schema: _schema, ...withoutDialect } = schema;
    assert.deepEqual(build({ response_format: jsonSchema }).body.generationConfig, {
      responseMimeType: 'application/json',
      responseJsonSchema: withoutDialect,
    });
    assert.deepEqual(build({ response_format: jsonSchema }, { modelId: 'gemini-1.5-pro' }).body.generationConfig, {
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'OBJECT',
        properties: {
          name: { type: 'STRING' },
          address: {
            type: 'OBJECT',
            properties: { city: { type: 'STRING' }, zip: { type: 'STRING' } },
            propertyOrdering: ['city', 'zip'],
          },
        },
        required: ['name'],
        propertyOrdering: ['name', 'address'],
      },
    });
    const litellmStyle = { type: 'json_object', response_schema: { type: 'array', items: { type: 'string' } } };
    assert.deepEqual(
      build({ response_format: litellmStyle as never }, { modelId: 'gemini-1.5-flash' }).body.generationConfig,
      {
        responseMimeType: 'application/json',
        responseSchema: { type: 'ARRAY', items: { type: 'STRING' } },
      },
    );
  });

  test('reasoning_effort: thinking budgets before Gemini 3, thinking levels from Gemini 3', () => {
    const thinking = (effort: string, modelId: string) =>
      build({ reasoning_effort: effort as never }, { modelId }).body.generationConfig?.thinkingConfig;
    assert.deepEqual(thinking('low', 'gemini-2.5-flash'), { thinkingBudget: 1024, includeThoughts: true });
    assert.deepEqual(thinking('medium', 'gemini-2.5-flash'), { thinkingBudget: 2048, includeThoughts: true });
    assert.deepEqual(thinking('high', 'gemini-2.5-pro'), { thinkingBudget: 4096, includeThoughts: true });
    assert.deepEqual(thinking('minimal', 'gemini-2.5-flash'), { thinkingBudget: 1, includeThoughts: true });
    assert.deepEqual(thinking('minimal', 'gemini-2.5-pro'), { thinkingBudget: 128, includeThoughts: true });
    assert.deepEqual(thinking('minimal', 'gemini-2.5-flash-lite'), { thinkingBudget: 512, includeThoughts: true });
    assert.deepEqual(thinking('none', 'gemini-2.5-flash'), { thinkingBudget: 0, includeThoughts: false });
    assert.deepEqual(thinking('low', 'gemini-3-pro-preview'), { thinkingLevel: 'low', includeThoughts: true });
    assert.deepEqual(thinking('medium', 'gemini-3-pro-preview'), { thinkingLevel: 'high', includeThoughts: true });
    assert.deepEqual(thinking('medium', 'gemini-3-flash-preview'), { thinkingLevel: 'medium', includeThoughts: true });
    assert.deepEqual(thinking('minimal', 'gemini-3-flash-preview'), {
      thinkingLevel: 'minimal',
      includeThoughts: true,
    });
    assert.deepEqual(thinking('none', 'gemini-3-pro-preview'), { thinkingLevel: 'low', includeThoughts: false });
    const clamped = build({ reasoning_effort: 'xhigh' }, { modelId: 'gemini-2.5-pro' });
    assert.deepEqual(clamped.body.generationConfig?.thinkingConfig, { thinkingBudget: 4096, includeThoughts: true });
    assert.equal(clamped.warnings[0]?.type, 'clamped-param');
    const anthropicStyle = build({ thinking: { type: 'enabled', budget_tokens: 2000 } });
    assert.deepEqual(anthropicStyle.body.generationConfig?.thinkingConfig, {
      includeThoughts: true,
      thinkingBudget: 2000,
    });
  });
});

describe('toGeminiRequest: pass-through and warnings', () => {
  test('safety_settings, cached_content and extra_body reach the body; unknown fields are reported', () => {
    const safety = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }];
    const { body, warnings } = build(
      { temperature: 0.5, cached_content: 'cachedContents/abc', mystery_knob: 3 },
      { params: { safety_settings: safety, extra_body: { generationConfig: { responseModalities: ['TEXT'] } } } },
    );
    assert.deepEqual(body.safetySettings, safety);
    assert.equal(body.cachedContent, 'cachedContents/abc');
    assert.deepEqual(body.generationConfig, { temperature: 0.5, responseModalities: ['TEXT'] });
    assert.deepEqual(
      warnings.map((warning) => warning.param),
      ['mystery_knob'],
    );
  });
});

describe('the spec validator used above', () => {
  test('rejects what Gemini rejects: unknown keys, snake_case fields, lower-case-only JSON Schema leftovers', () => {
    const rejects = (body: unknown) =>
      assert.throws(() => assertValidGeminiRequest(body), /not a valid GenerateContentRequest/);
    rejects({ contents: [{ role: 'user', parts: [{ text: 'x' }] }], generationConfig: { max_output_tokens: 5 } });
    rejects({ contents: [{ role: 'user', parts: [{ text: 'x', cache_control: {} }] }] });
    rejects({
      contents: [{ role: 'user', parts: [{ text: 'x' }] }],
      tools: [
        {
          functionDeclarations: [
            { name: 'f', parameters: { type: 'OBJECT', additionalProperties: false, properties: {} } },
          ],
        },
      ],
    });
    rejects({ generationConfig: {} });
    assertValidGeminiRequest({
      contents: [{ role: 'user', parts: [{ text: 'x' }] }],
      generationConfig: { maxOutputTokens: 5 },
    });
  });
});
