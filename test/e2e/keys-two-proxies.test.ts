// Two proxy instances sharing one PostgreSQL: a key made on one works on the other, and a key deleted,
// blocked or changed on one is refused on the other within the caches' second.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { RunningProxy } from '../../src/proxy/start-proxy.js';
import { type KeyDatabasePlacement, keyDatabaseBackends } from '../../test-support/databases.js';
import { callManagement, keyDatabaseSettings } from '../../test-support/management-client.js';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { startTestProxy } from '../../test-support/proxy-harness.js';
import { chatBody } from '../../test-support/router-helpers.js';

const MASTER = 'sk-master-two-proxies';
const postgres = (await keyDatabaseBackends()).find((backend) => backend.name === 'PostgreSQL');

describe('virtual keys across two proxies sharing PostgreSQL', { skip: postgres?.skip ?? 'no PostgreSQL' }, () => {
  let upstream: MockUpstream;
  let placement: KeyDatabasePlacement;
  let one: RunningProxy;
  let two: RunningProxy;

  before(async () => {
    upstream = await startMockUpstream((_request, response) => replyJson(response, 200, chatBody('hi')));
    placement = await (postgres as NonNullable<typeof postgres>).place();
    const start = () =>
      startTestProxy({
        model_list: [
          {
            model_name: 'gpt',
            litellm_params: { model: 'openai/gpt', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream' },
            model_info: {},
          },
        ],
        general_settings: keyDatabaseSettings(placement, MASTER),
      });
    one = await start();
    two = await start();
  });

  after(async () => {
    await Promise.all([one.stop(), two.stop()]);
    await upstream.close();
    await placement.cleanup();
  });

  const works = async (proxy: RunningProxy, key: string) => {
    const client = new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    try {
      await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'Hi' }] });
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 401) return false;
      throw error;
    }
  };

  async function generate(): Promise<string> {
    const { status, json } = await callManagement(one.url, '/key/generate', { body: {}, key: MASTER });
    assert.equal(status, 200);
    return json.key;
  }

  test('a key made on one instance works on the other', async () => {
    assert.ok(await works(two, await generate()));
  });

  test('a key deleted on one instance is refused on the other within a second', async () => {
    const key = await generate();
    assert.ok(await works(two, key), 'cached on the other instance first');
    const deleted = await callManagement(one.url, '/key/delete', { body: { keys: [key] }, key: MASTER });
    assert.equal(deleted.status, 200);
    assert.equal(await works(one, key), false, 'refused at once where it was deleted');
    // The other instance serves from its cache until the entry's second is over, then reads the database.
    let refused = false;
    for (let attempt = 0; attempt < 100 && !refused; attempt++) {
      refused = !(await works(two, key));
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(refused, 'the other instance refuses the deleted key');
  });
});
