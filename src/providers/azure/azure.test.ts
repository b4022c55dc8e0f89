import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readChunkLines, readJsonFixture, toSseFrames } from '../../../test-support/fixtures.js';
import { collect, replyJson, replySse, startMockUpstream } from '../../../test-support/mock-upstream.js';
import { assertMatchesOpenAISchema } from '../../../test-support/openai-schemas.js';
import { completion, embedding } from '../../index.js';

const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

describe('azure provider', () => {
  test('deployment path, api-version and api-key header', async () => {
    const mock = await startMockUpstream((request, response) =>
      replyJson(
        response,
        200,
        readJsonFixture(request.url.includes('/embeddings') ? 'openai/embedding.json' : 'openai/chat-text.json'),
      ),
    );
    try {
      await completion({
        model: 'azure/my-gpt4o',
        api_base: `${mock.url}/`,
        api_key: 'azure-key',
        api_version: '2024-08-01-preview',
        messages,
      });
      const sent = mock.requests[0];
      assert.equal(sent?.url, '/openai/deployments/my-gpt4o/chat/completions?api-version=2024-08-01-preview');
      assert.equal(sent?.headers['api-key'], 'azure-key');
      assert.equal(sent?.headers.authorization, undefined);
      const vectors = await embedding({
        model: 'azure/my-embedder',
        api_base: mock.url,
        api_key: 'azure-key',
        input: 'x',
      });
      assert.match(mock.requests[1]?.url ?? '', /^\/openai\/deployments\/my-embedder\/embeddings\?api-version=/);
      assert.equal(mock.requests[1]?.headers['api-key'], 'azure-key');
      assert.deepEqual(mock.requests[1]?.json<{ input: unknown }>().input, 'x');
      const recorded = readJsonFixture<{ data: { embedding: number[] }[] }>('openai/embedding.json');
      assert.deepEqual(
        vectors.data.map((item) => item.embedding),
        recorded.data.map((item) => item.embedding),
      );
      assertMatchesOpenAISchema('CreateEmbeddingResponse', JSON.parse(JSON.stringify(vectors)));
    } finally {
      await mock.close();
    }
  });

  test('azure_ad_token is sent as a bearer instead of a key', async () => {
    const mock = await startMockUpstream((_request, response) =>
      replyJson(response, 200, readJsonFixture('openai/chat-text.json')),
    );
    try {
      await completion({ model: 'azure/dep', api_base: mock.url, azure_ad_token: 'entra-token', messages });
      assert.equal(mock.requests[0]?.headers.authorization, 'Bearer entra-token');
      assert.equal(mock.requests[0]?.headers['api-key'], undefined);
    } finally {
      await mock.close();
    }
  });

  test("Azure's prompt-filter preamble chunk is dropped and the rest is OpenAI-shaped", async () => {
    const lines = readChunkLines('azure/chat-model-router-content-filter.chunks.txt');
    const mock = await startMockUpstream((_request, response) =>
      replySse(response, toSseFrames(lines, 'openai'), { seed: 9 }),
    );
    try {
      const stream = await completion({
        model: 'azure/router',
        api_base: mock.url,
        api_key: 'k',
        messages,
        stream: true,
      });
      const chunks = await collect(stream);
      assert.ok(chunks.length > 0);
      for (const chunk of chunks) {
        assertMatchesOpenAISchema('CreateChatCompletionStreamResponse', chunk);
        assert.equal(chunk.object, 'chat.completion.chunk');
        assert.ok(chunk.id.length > 0);
      }
      const text = lines.map((line) => JSON.parse(line).choices?.[0]?.delta?.content ?? '').join('');
      assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), text);
    } finally {
      await mock.close();
    }
  });
});
