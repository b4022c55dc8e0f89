import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from './index.js';

// LiteLLM's own example configs, copied unchanged into __fixtures__: they must load as they are.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const fixture = (name: string) => join(fixtures, name);

describe('LiteLLM example configs', () => {
  it('loads proxy_server_config.yaml: many providers, os.environ/ keys, wildcards, shared model_names', async () => {
    const env = { AZURE_API_KEY: 'azure-secret-value', OPENAI_API_KEY: 'openai-secret-value' };
    const { config, warnings } = await loadConfigFile(fixture('litellm-proxy-server-config.yaml'), { env });
    assert.equal(config.model_list.length, 19);
    const byName = (name: string) => config.model_list.filter((entry) => entry.model_name === name);

    assert.equal(byName('gpt-3.5-turbo-end-user-test').length, 2);
    assert.deepEqual(byName('gpt-3.5-turbo-end-user-test')[0]?.model_info, { id: '1' });
    assert.deepEqual(
      byName('fake-openai-endpoint-3').map((entry) => entry.litellm_params.model),
      ['openai/my-fake-model', 'openai/my-fake-model-2'],
    );
    assert.equal(byName('gpt-4')[0]?.litellm_params.api_key, 'azure-secret-value');
    assert.equal(byName('gpt-4')[0]?.litellm_params.api_version, '2023-05-15');
    assert.equal(byName('dall-e-2')[0]?.litellm_params.api_version, '2023-06-01-preview');
    assert.equal(byName('gpt-3.5-turbo-large')[0]?.litellm_params.rpm, 480);
    assert.equal(byName('fake-openai-endpoint-2')[0]?.litellm_params.stream_timeout, 0.001);
    assert.equal(byName('sagemaker-completion-model')[0]?.litellm_params.input_cost_per_second, 0.00042);
    assert.equal(byName('bad-model')[0]?.litellm_params.mock_timeout, true);
    assert.deepEqual(byName('*')[0]?.litellm_params, { model: 'openai/*', api_key: 'openai-secret-value' });
    assert.equal(byName('anthropic/*')[0]?.litellm_params.model, 'anthropic/*');
    assert.equal(byName('anthropic/*')[0]?.litellm_params.api_key, undefined);
    assert.deepEqual(byName('text-embedding-ada-002')[0]?.model_info, {
      mode: 'embedding',
      base_model: 'text-embedding-ada-002',
    });
    assert.equal(byName('openai-dall-e-3')[0]?.model_info.id, undefined, 'no id is made up');

    assert.equal(config.litellm_settings.drop_params, true);
    assert.equal(config.litellm_settings.num_retries, 5);
    assert.equal(config.litellm_settings.request_timeout, 600);
    assert.deepEqual(config.litellm_settings.context_window_fallbacks, [{ 'gpt-3.5-turbo': ['gpt-3.5-turbo-large'] }]);
    const teams = config.litellm_settings.default_team_settings as Record<string, unknown>[];
    assert.deepEqual(teams[0]?.success_callback, ['langfuse']);
    assert.equal(config.router_settings.routing_strategy, 'usage-based-routing-v2');
    assert.deepEqual(config.router_settings.model_group_alias, {
      'my-special-fake-model-alias-name': 'fake-openai-endpoint-3',
    });
    assert.equal(config.general_settings.master_key, 'sk-1234');
    assert.equal(config.general_settings.store_model_in_db, true);
    assert.equal((config.files_settings as unknown[]).length, 2, 'sections llmux ignores are kept');

    assert.ok(
      warnings.some(
        (line) =>
          line.includes('ANTHROPIC_API_KEY is not set') && line.includes('model_list[15].litellm_params.api_key'),
      ),
    );
    // routing_strategy and model_group_alias are applied: never listed as "not implemented yet".
    assert.ok(
      !warnings.some(
        (line) => /routing_strategy|model_group_alias/.test(line) && line.includes('does not implement yet'),
      ),
      warnings.join('\n'),
    );
    assert.ok(!warnings.some((line) => line.includes('unknown')), warnings.join('\n'));
    assert.ok(!warnings.some((line) => line.includes('secret-value')));
  });

  it('loads the docs quick start: load balancing across two gpt-4o deployments, a catch-all "*"', async () => {
    const env = { AZURE_API_KEY_EU: 'eu-key', AZURE_API_KEY_CA: 'ca-key' };
    const { config, warnings } = await loadConfigFile(fixture('litellm-docs-quick-start.yaml'), { env });
    const gpt4o = config.model_list.filter((entry) => entry.model_name === 'gpt-4o');
    assert.deepEqual(
      gpt4o.map((entry) => [entry.litellm_params.model, entry.litellm_params.api_key, entry.litellm_params.rpm]),
      [
        ['azure/gpt-4o-eu', 'eu-key', 6],
        ['azure/gpt-4o-ca', 'ca-key', 6],
      ],
    );
    assert.equal(config.model_list.at(-1)?.model_name, '*');
    assert.equal(
      config.model_list.find((entry) => entry.model_name === 'anthropic-claude')?.litellm_params.aws_region_name,
      'us-east-1',
    );
    assert.deepEqual(config.model_list.find((entry) => entry.model_name === 'vllm-models')?.model_info, { version: 2 });
    assert.deepEqual(config.litellm_settings.success_callback, ['langfuse']);
    assert.equal(config.general_settings.master_key, 'sk-1234');
    assert.deepEqual(config.general_settings.alerting, ['slack']);
    assert.ok(!warnings.some((line) => line.includes('is not set')), warnings.join('\n'));
  });

  it('loads the docs load-balancing config: router_settings, fallbacks, redis placeholders', async () => {
    const { config, warnings } = await loadConfigFile(fixture('litellm-docs-load-balancing.yaml'), { env: {} });
    assert.deepEqual(
      config.model_list.filter((entry) => entry.model_name === 'zephyr-beta').map((entry) => entry.litellm_params.rpm),
      [60, 600, 60000],
    );
    assert.equal(config.router_settings.num_retries, 2);
    assert.equal(config.router_settings.timeout, 30);
    assert.equal(config.router_settings.redis_port, 1992);
    assert.deepEqual(config.litellm_settings.fallbacks, [{ 'zephyr-beta': ['gpt-4o'] }]);
    assert.ok(!warnings.some((line) => line.includes('unknown')), warnings.join('\n'));
  });

  it('loads load_balancer.yaml: environment_variables, and warns that entry-level rpm/tpm do nothing', async () => {
    const { config, warnings } = await loadConfigFile(fixture('litellm-load-balancer.yaml'), { env: {} });
    assert.deepEqual(config.environment_variables, {
      REDIS_HOST: 'localhost',
      REDIS_PASSWORD: 'eYVX71',
      REDIS_PORT: '6329',
    });
    assert.equal(config.model_list.length, 4);
    assert.ok(
      warnings.some((line) =>
        line.endsWith('model_list[0].tpm: unknown deployment key; it has no effect (did you mean litellm_params.tpm?)'),
      ),
    );
    assert.ok(!warnings.some((line) => line.includes('eYVX71')));
  });

  it("loads azure_config.yaml: PyYAML's 20_000 is a number", async () => {
    const { config, warnings } = await loadConfigFile(fixture('litellm-azure-config.yaml'), {
      env: { AZURE_API_KEY: 'k' },
    });
    assert.deepEqual(
      config.model_list.map((entry) => [
        entry.litellm_params.tpm,
        entry.litellm_params.timeout,
        entry.litellm_params.stream_timeout,
        entry.litellm_params.max_retries,
      ]),
      [
        [20000, 5, 0.5, 4],
        [100000, 5, 0.5, 4],
      ],
    );
    assert.deepEqual(warnings, []);
  });

  it('loads otel_test_config.yaml: model_info ids, tags, a guardrails section', async () => {
    const { config } = await loadConfigFile(fixture('litellm-otel-test-config.yaml'), { env: {} });
    assert.deepEqual(
      config.model_list.map((entry) => entry.model_info.id),
      ['team-a-model', 'team-b-model', undefined, undefined],
    );
    assert.deepEqual(config.model_list[0]?.litellm_params.tags, ['teamA']);
    assert.equal(config.model_list[3]?.model_info.supports_vision, true);
    assert.deepEqual(config.litellm_settings.callbacks, ['otel']);
    assert.equal((config.guardrails as unknown[]).length, 3);
  });

  it('loads pass_through_config.yaml: master_key from the environment, nested os.environ/ values', async () => {
    const env = {
      LITELLM_MASTER_KEY: 'sk-from-env',
      AZURE_API_BASE: 'https://azure.example',
      AZURE_API_KEY: 'azure-secret',
    };
    const { config } = await loadConfigFile(fixture('litellm-pass-through-config.yaml'), { env });
    assert.equal(config.general_settings.master_key, 'sk-from-env');
    const endpoints = config.general_settings.pass_through_endpoints as {
      target: string;
      headers: Record<string, string>;
    }[];
    assert.equal(endpoints[0]?.target, 'https://azure.example');
    assert.equal(endpoints[0]?.headers.Authorization, 'azure-secret');
  });

  it("knows every key of the docs' all-settings example", async () => {
    const { config, warnings } = await loadConfigFile(fixture('litellm-docs-all-settings.yaml'), { env: {} });
    assert.ok(
      !warnings.some((line) => line.includes('unknown')),
      warnings.filter((line) => line.includes('unknown')).join('\n'),
    );
    assert.equal(config.litellm_settings.request_timeout, 10);
    assert.deepEqual(config.model_list[0]?.model_info.id, 'string');
  });
});
