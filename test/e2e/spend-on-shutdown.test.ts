// SIGTERM (a graceful stop) with streams in flight: the streams finish within the grace period and
// every one of them is a spend-log row after the restart; nothing is lost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { type KeyDatabasePlacement, keyDatabaseBackends } from '../../test-support/databases.js';
import { eventually } from '../../test-support/eventually.js';
import { callManagement, keyDatabaseSettings } from '../../test-support/management-client.js';
import { type MockUpstream, replySse, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { chatFrames } from '../../test-support/router-helpers.js';

const MASTER = 'sk-master-shutdown';

for (const backend of await keyDatabaseBackends()) {
  describe(`spend logs across a graceful stop on ${backend.name}`, { skip: backend.skip }, () => {
    let upstream: MockUpstream;
    let placement: KeyDatabasePlacement;
    let proxy: RunningProxy;
    const start = () =>
      startTestProxy(
        {
          model_list: [
            {
              model_name: 'gpt',
              litellm_params: { model: 'openai/gpt', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream' },
              model_info: {},
            },
          ],
          general_settings: keyDatabaseSettings(placement, MASTER),
        },
        { ...(placement.dataDir ? { dataDir: placement.dataDir } : {}), shutdownGraceMs: 10_000 },
      );

    before(async () => {
      // Each stream takes a while (ten words, 40 ms apart): the stop arrives while they are in flight.
      upstream = await startMockUpstream((_request, response) =>
        replySse(response, chatFrames(['a ', 'b ', 'c ', 'd ', 'e ', 'f ', 'g ', 'h ', 'i ', 'j ']), { delayMs: 40 }),
      );
      placement = await backend.place();
      proxy = await start();
    });

    after(async () => {
      await proxy.stop();
      await upstream.close();
      await placement.cleanup();
    });

    test('every stream in flight at the stop is logged once, with its tokens', async () => {
      const generated = await callManagement(proxy.url, '/key/generate', { body: {}, key: MASTER });
      const key: string = generated.json.key;
      const client = new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0 });
      const streams = Array.from({ length: 5 }, async () => {
        const stream = await client.chat.completions.create({
          model: 'gpt',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      });
      // Stop once every stream has reached the upstream.
      await eventually(() => upstream.requests.length === 5, 'all five streams under way');
      const stopping = proxy.stop();
      const texts = await Promise.all(streams);
      await stopping;
      assert.deepEqual(texts, Array(5).fill('a b c d e f g h i j '), 'the streams finished within the grace period');
      proxy = await start();
      const logs = await callManagement(proxy.url, `/spend/logs?api_key=${key}`, { key: MASTER });
      const rows = logs.json as { status: string; completion_tokens: number }[];
      assert.equal(rows.length, 5, JSON.stringify(rows));
      assert.ok(rows.every((row) => row.status === 'success' && row.completion_tokens > 0));
    });
  });
}
