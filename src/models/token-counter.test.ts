import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage, FunctionTool } from '../spec/openai-chat.js';
import { dataUrlImageSize } from './image-dimensions.js';
import { ASSUMED_IMAGE_SIZE, imageTileCount } from './image-tokens.js';
import { countTokens, loadTokenizer, tokenCounter } from './index.js';
import { encodingForModel } from './tokenizer-encodings.js';
import { formatFunctionDefinitions } from './tool-tokens.js';

// The OpenAI cookbook's "How to count tokens with tiktoken" example conversation.
const COOKBOOK_MESSAGES: ChatMessage[] = [
  {
    role: 'system',
    content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  {
    role: 'system',
    name: 'example_user',
    content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

function png(width: number, height: number): string {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'ascii');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

function jpeg(width: number, height: number): string {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [
    0xff,
    0xc0,
    0x00,
    0x11,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, ...app0, ...sof0]).toString('base64')}`;
}

describe('tokenCounter', () => {
  it('estimates before the encoding has loaded, then counts exactly', async () => {
    // This file's process has not loaded o200k_base yet: ~4 characters per token.
    assert.equal(tokenCounter({ model: 'gpt-4o', text: 'hello world' }), 3);
    await loadTokenizer('gpt-4o');
    assert.equal(tokenCounter({ model: 'gpt-4o', text: 'hello world' }), 2);
  });

  it('counts the cookbook conversation like OpenAI: 124 tokens on gpt-4o, 129 on gpt-4', async () => {
    assert.equal(await countTokens({ model: 'gpt-4o', messages: COOKBOOK_MESSAGES }), 124);
    assert.equal(await countTokens({ model: 'openai/gpt-4o-mini', messages: COOKBOOK_MESSAGES }), 124);
    assert.equal(await countTokens({ model: 'gpt-4', messages: COOKBOOK_MESSAGES }), 129);
    assert.equal(await countTokens({ model: 'gpt-3.5-turbo', messages: COOKBOOK_MESSAGES }), 129);
  });

  it('counts a one-word message as 3 priming + 3 framing + role + content', async () => {
    assert.equal(await countTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }), 8);
  });

  it('treats special-token strings in user text as plain text', async () => {
    assert.ok((await countTokens({ model: 'gpt-4o', text: 'a <|endoftext|> b' })) > 3);
  });

  it('counts arrays of text and assistant tool calls', async () => {
    await loadTokenizer('gpt-4o');
    assert.equal(tokenCounter({ model: 'gpt-4o', text: ['hello world', 'hello world'] }), 4);
    const withCall = tokenCounter({
      model: 'gpt-4o',
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          ],
        },
      ],
    });
    assert.ok(withCall > 3 + 3 + 1 + 5, `tool call arguments should count, got ${withCall}`);
  });

  it('approximates other providers with o200k_base', async () => {
    assert.deepEqual(encodingForModel('anthropic/claude-sonnet-4-5'), { encoding: 'o200k_base', exact: false });
    assert.deepEqual(encodingForModel('azure/gpt-4o'), { encoding: 'o200k_base', exact: true });
    assert.deepEqual(encodingForModel('text-embedding-3-small'), { encoding: 'cl100k_base', exact: true });
    assert.equal(await countTokens({ model: 'anthropic/claude-sonnet-4-5', text: 'hello world' }), 2);
  });
});

describe('image tokens', () => {
  it("follows OpenAI's tiling examples", () => {
    assert.equal(imageTileCount({ width: 1024, height: 1024 }), 4);
    assert.equal(imageTileCount({ width: 2048, height: 4096 }), 6);
    assert.equal(imageTileCount({ width: 512, height: 512 }), 1);
    assert.deepEqual(ASSUMED_IMAGE_SIZE, { width: 1024, height: 1024 });
  });

  it('reads the size of PNG and JPEG data URLs', () => {
    assert.deepEqual(dataUrlImageSize(png(2048, 4096)), { width: 2048, height: 4096 });
    assert.deepEqual(dataUrlImageSize(jpeg(640, 480)), { width: 640, height: 480 });
    assert.equal(dataUrlImageSize('https://example.com/cat.png'), undefined);
  });

  it('prices images by detail and size inside a message', async () => {
    const text = await countTokens({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const withImage = (url: string, detail?: 'low' | 'high' | 'auto', model = 'gpt-4o') =>
      countTokens({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'hi' },
              { type: 'image_url', image_url: detail ? { url, detail } : { url } },
            ],
          },
        ],
      });
    assert.equal((await withImage('https://example.com/cat.png', 'low')) - text, 85);
    assert.equal((await withImage('https://example.com/cat.png', 'high')) - text, 765);
    assert.equal((await withImage(png(2048, 4096), 'auto')) - text, 85 + 6 * 170);
    assert.equal((await withImage(png(512, 512))) - text, 255);
    const miniText = await countTokens({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    assert.equal((await withImage('https://example.com/cat.png', 'low', 'gpt-4o-mini')) - miniText, 2833);
  });
});

describe('tool tokens', () => {
  const tools: FunctionTool[] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Get the weather for a city',
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'string', description: 'City name' },
            unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          },
          required: ['city'],
        },
      },
    },
  ];

  it("renders definitions in OpenAI's namespace format", () => {
    assert.equal(
      formatFunctionDefinitions(tools.map((tool) => tool.function)),
      [
        'namespace functions {',
        '',
        '// Get the weather for a city',
        'type get_weather = (_: {',
        '// City name',
        'city: string,',
        'unit?: "celsius" | "fahrenheit",',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  it('adds the rendered tools plus 9, less 4 when a system message is present', async () => {
    const user: ChatMessage[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const rendered = await countTokens({
      model: 'gpt-4o',
      text: formatFunctionDefinitions(tools.map((tool) => tool.function)),
    });
    const plain = await countTokens({ model: 'gpt-4o', messages: user });
    assert.equal(await countTokens({ model: 'gpt-4o', messages: user, tools }), plain + rendered + 9);
    const system: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, ...user];
    const systemPlain = await countTokens({ model: 'gpt-4o', messages: system });
    const systemWithTools = await countTokens({ model: 'gpt-4o', messages: system, tools });
    // The system message gains a newline (which may merge with its last token) and the total loses 4.
    const difference = systemWithTools - systemPlain - rendered - 9 + 4;
    assert.ok(difference === 0 || difference === 1, `unexpected system padding ${difference}`);
  });
});
