import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { type MockUpstream, replyJson, startMockUpstream } from '../../test-support/mock-upstream.js';
import { createTempDirectory, type TempDirectory } from '../../test-support/temp-directory.js';
import { ensureModelCostMapLoaded, resetModelCostMapLoad } from './ensure-model-cost-map-loaded.js';
import {
  clearRegisteredModels,
  costPerToken,
  getModelInfo,
  type LiteLLMModelCostMap,
  loadModelCostMap,
  registerModel,
} from './index.js';

// A slice of LiteLLM's model_prices_and_context_window.json, in its own format.
const LITELLM_MAP: LiteLLMModelCostMap = {
  sample_spec: {
    max_tokens: 'LEGACY parameter' as unknown as number,
    litellm_provider: 'one of https://docs.litellm.ai/docs/providers',
  },
  'gpt-4o': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 5e-6,
    output_cost_per_token: 15e-6,
    max_input_tokens: 128000,
  },
  'azure/gpt-4o': { litellm_provider: 'azure', mode: 'chat', input_cost_per_token: 7e-6, output_cost_per_token: 21e-6 },
  'acme/widget-1': {
    litellm_provider: 'acme',
    mode: 'chat',
    max_tokens: 4096,
    max_input_tokens: 32768,
    max_output_tokens: 4096,
    input_cost_per_token: 1e-6,
    output_cost_per_token: 2e-6,
    input_cost_per_token_above_128k_tokens: 4e-6,
    output_cost_per_reasoning_token: 3e-6,
    supports_function_calling: true,
    supports_vision: false,
    supports_web_search: true,
  },
};

const usage = { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 };

afterEach(() => clearRegisteredModels());

describe('registerModel', () => {
  it('wins over the built-in prices and keeps the built-in fields it does not set', () => {
    assert.equal(getModelInfo('gpt-4o').input_cost_per_token, 2.5e-6);
    registerModel({ 'gpt-4o': { input_cost_per_token: 4e-6 } });
    const info = getModelInfo('gpt-4o');
    assert.equal(info.input_cost_per_token, 4e-6);
    assert.equal(info.output_cost_per_token, 10e-6);
    assert.equal(info.max_input_tokens, 128000);
    assert.equal(info.supports_vision, true);
    assert.deepEqual(costPerToken({ model: 'gpt-4o', usage }), { prompt_cost: 0.004, completion_cost: 0.001 });
  });

  it('merges a key registered again field by field, as LiteLLM updates its dict', () => {
    registerModel({ 'gpt-4o': { input_cost_per_token: 4e-6 } });
    registerModel({ 'gpt-4o': { output_cost_per_token: 8e-6 } });
    const info = getModelInfo('gpt-4o');
    assert.equal(info.input_cost_per_token, 4e-6);
    assert.equal(info.output_cost_per_token, 8e-6);
  });

  it('adds models no source knows, with their tiers, reasoning price, capabilities and extra fields', () => {
    registerModel(LITELLM_MAP);
    const info = getModelInfo('acme/widget-1');
    assert.equal(info.key, 'acme/widget-1');
    assert.equal(info.litellm_provider, 'acme');
    assert.equal(info.max_tokens, 4096);
    assert.equal(info.max_input_tokens, 32768);
    assert.equal(info.output_cost_per_reasoning_token, 3e-6);
    assert.equal(info['input_cost_per_token_above_128k_tokens'], 4e-6);
    assert.equal(info.supports_function_calling, true);
    assert.equal(info.supports_vision, false);
    assert.equal(info['supports_web_search'], true);
    const large = costPerToken({
      model: 'acme/widget-1',
      usage: { prompt_tokens: 200_000, completion_tokens: 0, total_tokens: 0 },
    });
    assert.equal(large.prompt_cost, 200_000 * 4e-6);
    const reasoning = costPerToken({
      model: 'acme/widget-1',
      usage: {
        prompt_tokens: 0,
        completion_tokens: 100,
        total_tokens: 100,
        completion_tokens_details: { reasoning_tokens: 40 },
      },
    });
    assert.ok(Math.abs(reasoning.completion_cost - (60 * 2e-6 + 40 * 3e-6)) < 1e-15);
  });

  it('keeps provider-specific keys apart: azure/gpt-4o does not change gpt-4o', () => {
    registerModel({ 'azure/gpt-4o': LITELLM_MAP['azure/gpt-4o']! });
    assert.equal(getModelInfo('azure/gpt-4o').input_cost_per_token, 7e-6);
    assert.equal(getModelInfo('gpt-4o').input_cost_per_token, 2.5e-6);
  });

  it('is undone by clearRegisteredModels', () => {
    registerModel({ 'gpt-4o': { input_cost_per_token: 4e-6 } });
    clearRegisteredModels();
    assert.equal(getModelInfo('gpt-4o').input_cost_per_token, 2.5e-6);
  });
});

describe('loadModelCostMap', () => {
  let directory: TempDirectory;
  let server: MockUpstream;
  let baseUrl = '';
  const requests = () => server.requests.length;

  before(async () => {
    directory = await createTempDirectory('llmux-cost-map-');
    server = await startMockUpstream((request, response) => {
      if (request.url === '/broken.json') {
        response.writeHead(500).end('upstream down');
        return;
      }
      replyJson(response, 200, LITELLM_MAP);
    });
    baseUrl = server.url;
  });

  after(async () => {
    await server.close();
    await directory.remove();
    delete process.env['LITELLM_MODEL_COST_MAP_URL'];
    delete process.env['LITELLM_LOCAL_MODEL_COST_MAP'];
  });

  it('reads a local file by path and by file:// URL', async () => {
    const file = await directory.write('model_prices_and_context_window.json', JSON.stringify(LITELLM_MAP));
    assert.deepEqual(await loadModelCostMap(file.path), LITELLM_MAP);
    registerModel(await loadModelCostMap(file.url));
    assert.equal(getModelInfo('gpt-4o').input_cost_per_token, 5e-6);
  });

  it('fetches an http URL and rejects a failed download or a non-object body', async () => {
    registerModel(await loadModelCostMap(`${baseUrl}/map.json`));
    assert.equal(getModelInfo('azure/gpt-4o').output_cost_per_token, 21e-6);
    await assert.rejects(loadModelCostMap(`${baseUrl}/broken.json`), /HTTP 500/);
    const list = await directory.write('list.json', '[1, 2]');
    await assert.rejects(loadModelCostMap(list.path), /not a JSON object/);
  });

  it('ensureModelCostMapLoaded loads LITELLM_MODEL_COST_MAP_URL once and registers it', async () => {
    process.env['LITELLM_MODEL_COST_MAP_URL'] = `${baseUrl}/map.json`;
    resetModelCostMapLoad();
    const requestsBefore = requests();
    const [first, second] = await Promise.all([ensureModelCostMapLoaded(), ensureModelCostMapLoaded()]);
    assert.equal(first, true);
    assert.equal(second, true);
    assert.equal(await ensureModelCostMapLoaded(), true);
    assert.equal(requests() - requestsBefore, 1);
    assert.equal(getModelInfo('acme/widget-1').input_cost_per_token, 1e-6);
  });

  it('keeps the built-in prices and warns once when the URL fails', async (context) => {
    const warn = context.mock.method(console, 'warn', () => undefined);
    process.env['LITELLM_MODEL_COST_MAP_URL'] = `${baseUrl}/broken.json`;
    resetModelCostMapLoad();
    assert.equal(await ensureModelCostMapLoaded(), false);
    assert.equal(await ensureModelCostMapLoaded(), false);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0]?.arguments[0]), /LITELLM_MODEL_COST_MAP_URL.*HTTP 500/);
    assert.equal(getModelInfo('gpt-4o').input_cost_per_token, 2.5e-6);
  });

  it('does not fetch when LITELLM_LOCAL_MODEL_COST_MAP=True', async () => {
    process.env['LITELLM_MODEL_COST_MAP_URL'] = `${baseUrl}/map.json`;
    process.env['LITELLM_LOCAL_MODEL_COST_MAP'] = 'True';
    resetModelCostMapLoad();
    const requestsBefore = requests();
    assert.equal(await ensureModelCostMapLoaded(), false);
    assert.equal(requests(), requestsBefore);
    delete process.env['LITELLM_LOCAL_MODEL_COST_MAP'];
  });
});
