import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTempDirectory } from '../../../test-support/temp-directory.js';
import { expectConfigError } from './__fixtures__/expect-config-error.js';
import { ConfigError } from './config-error.js';
import { loadConfigIsolated } from './load-config-isolated.js';
import { parseConfig } from './parse-config.js';

const deployment = (extra = '') =>
  `model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: azure/gpt-4o\n${extra}`;

function configError(text: string, env: Record<string, string> = {}): ConfigError {
  return expectConfigError(() => parseConfig(text, { source: 'config.yaml', env }));
}

describe('credential_list', () => {
  const credentials = `credential_list:
  - credential_name: azure-east
    credential_values:
      api_key: os.environ/AZURE_EAST_KEY
      api_base: https://east.example.test
      api_version: "2024-10-21"
    credential_info:
      description: production Azure
`;

  test("a deployment's litellm_credential_name takes the credential's values; its own values win", () => {
    const text = `${deployment('      litellm_credential_name: azure-east\n')}  - model_name: own-key
    litellm_params:
      model: azure/gpt-4o
      api_key: my-own-key
      litellm_credential_name: azure-east
${credentials}`;
    const { config, warnings } = parseConfig(text, { source: 'config.yaml', env: { AZURE_EAST_KEY: 'east-key' } });
    const [first, second] = config.model_list;
    assert.equal(first?.litellm_params.api_key, 'east-key');
    assert.equal(first?.litellm_params.api_base, 'https://east.example.test');
    assert.equal(first?.litellm_params.api_version, '2024-10-21');
    assert.equal(first?.litellm_params.litellm_credential_name, undefined, 'never sent to a provider');
    assert.equal(second?.litellm_params.api_key, 'my-own-key');
    assert.equal(second?.litellm_params.api_base, 'https://east.example.test');
    assert.ok(!warnings.some((line) => line.includes('credential_list')), warnings.join('\n'));
  });

  test('an unknown credential name is a config error with its path and line', () => {
    const error = configError(`${deployment('      litellm_credential_name: azure-west\n')}${credentials}`, {
      AZURE_EAST_KEY: 'k',
    });
    assert.equal(error.path, 'model_list[0].litellm_params.litellm_credential_name');
    assert.equal(error.line, 5);
    assert.match(
      error.message,
      /config\.yaml: .*no credential named "azure-west" in credential_list \(known: azure-east\)/,
    );
  });

  test("a malformed credential_list names each problem's path", () => {
    const error = configError(
      `${deployment()}credential_list:\n  - credential_values:\n      api_key: [not, text]\n      api_base: 12\n`,
    );
    const paths = error.problems.map((problem) => problem.path);
    assert.ok(paths.includes('credential_list[0].credential_name'), paths.join());
    assert.ok(paths.includes('credential_list[0].credential_values.api_key'), paths.join());
  });
});

describe('router_settings and litellm_settings are validated', () => {
  test('a typo in routing_strategy is a config error with the path, line and the supported names', () => {
    const error = configError(`${deployment()}router_settings:\n  routing_strategy: least-bussy\n`);
    assert.equal(error.path, 'router_settings.routing_strategy');
    assert.equal(error.line, 6);
    assert.match(error.message, /expected one of simple-shuffle, least-busy, .*got "least-bussy"/);
  });

  test('a LiteLLM strategy llmux lacks loads with a warning and the default strategy, unlike a typo', () => {
    const { config, warnings } = parseConfig(
      `${deployment()}router_settings:\n  routing_strategy: provider-budget-routing\n`,
      { env: {}, source: 'config.yaml' },
    );
    assert.equal(config.router_settings.routing_strategy, undefined);
    assert.ok(
      warnings.some((warning) =>
        /router_settings\.routing_strategy: provider-budget-routing: .*does not implement yet; routing with simple-shuffle/.test(
          warning,
        ),
      ),
      warnings.join('\n'),
    );
  });

  test('values of the wrong type are reported, one line each', () => {
    const error = configError(
      `${deployment()}router_settings:\n  cooldown_time: abc\n  enable_tag_filtering: maybe\n  fallbacks: gpt-4o\n  model_group_alias:\n    gpt-4: [a, b]\nlitellm_settings:\n  num_retries: "two"\n  allowed_fails: -1\n`,
    );
    const where = Object.fromEntries(error.problems.map((problem) => [problem.path, problem.line]));
    assert.deepEqual(Object.keys(where).sort(), [
      'litellm_settings.allowed_fails',
      'litellm_settings.num_retries',
      'router_settings.cooldown_time',
      'router_settings.enable_tag_filtering',
      'router_settings.fallbacks',
      'router_settings.model_group_alias.gpt-4',
    ]);
    assert.equal(where['router_settings.cooldown_time'], 6);
    assert.match(error.message, /cooldown_time: expected a number of 0 or more, got "abc"/);
  });

  test('valid settings are coerced as the router wants them', () => {
    const { config, warnings } = parseConfig(
      `${deployment()}router_settings:\n  routing_strategy: latency-based-routing\n  cooldown_time: "30"\n  model_group_alias: {gpt-4: gpt-4o, old: {model: gpt-4o, hidden: "true"}}\n  fallbacks: [{gpt-4o: [claude]}]\nlitellm_settings:\n  request_timeout: 20_000\n`,
      { source: 'config.yaml', env: {} },
    );
    assert.equal(config.router_settings.cooldown_time, 30);
    assert.deepEqual(config.router_settings.model_group_alias, {
      'gpt-4': 'gpt-4o',
      old: { model: 'gpt-4o', hidden: true },
    });
    assert.deepEqual(config.router_settings.fallbacks, [{ 'gpt-4o': ['claude'] }]);
    assert.equal(config.litellm_settings.request_timeout, 20000);
    assert.deepEqual(warnings, []);
  });

  test('an alias whose target group does not exist is warned about', () => {
    const { warnings } = parseConfig(
      `${deployment()}router_settings:\n  model_group_alias: {gpt-4: gpt-4o, typo: gtp-4o, hidden-ok: {model: gpt-4o, hidden: true}}\n`,
      { source: 'config.yaml', env: {} },
    );
    assert.deepEqual(warnings, [
      'config.yaml: router_settings.model_group_alias.typo: model group "gtp-4o" is not in model_list; requests for "typo" will fail',
    ]);
  });

  test('an invalid tag_regex is a config error at its line', () => {
    const error = configError(deployment('      tag_regex: ["^User-Agent: ok", "(unclosed"]\n'));
    assert.equal(error.path, 'model_list[0].litellm_params.tag_regex[1]');
    assert.equal(error.line, 5);
    assert.match(error.message, /invalid regular expression "\(unclosed"/);
  });
});

describe('the config worker carries the routing config', () => {
  test('credentials, aliases and tag_regex arrive applied; a bad routing_strategy arrives as a ConfigError', async (t) => {
    const directory = await createTempDirectory('llmux-routing-config-');
    t.after(() => directory.remove());
    const good = await directory.write(
      'good.yaml',
      `${deployment('      litellm_credential_name: east\n      tag_regex: ["^User-Agent: bot"]\n')}credential_list:\n  - credential_name: east\n    credential_values: {api_base: "https://east.example.test", api_key: k}\nrouter_settings:\n  model_group_alias: {gpt-4: gpt-4o}\n  routing_strategy: least-busy\n`,
    );
    const { config } = await loadConfigIsolated(good.path);
    assert.equal(config.model_list[0]?.litellm_params.api_base, 'https://east.example.test');
    assert.deepEqual(config.model_list[0]?.litellm_params.tag_regex, ['^User-Agent: bot']);
    assert.deepEqual(config.router_settings.model_group_alias, { 'gpt-4': 'gpt-4o' });

    const bad = await directory.write('bad.yaml', `${deployment()}router_settings:\n  routing_strategy: fastest\n`);
    const error = await loadConfigIsolated(bad.path).then(
      () => assert.fail('expected a ConfigError'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.path, 'router_settings.routing_strategy');
    assert.equal(error.line, 6);
    assert.match(error.message, /bad\.yaml: router_settings\.routing_strategy: expected one of/);
  });
});
