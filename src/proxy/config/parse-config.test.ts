import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectConfigError } from './__fixtures__/expect-config-error.js';
import { parseConfig } from './index.js';

const SECRET = 'sk-live-very-secret-0123456789';

const deployment = (params: string) =>
  `model_list:\n  - model_name: m\n    litellm_params:\n      model: openai/gpt-4o\n${params}`;

describe('parseConfig', () => {
  it('reads an empty file, or only comments, as an empty config', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) {
      const { config, warnings } = parseConfig(text, { env: {} });
      assert.deepEqual(config, {
        model_list: [],
        litellm_settings: {},
        router_settings: {},
        general_settings: {},
        environment_variables: {},
      });
      assert.deepEqual(warnings, []);
    }
  });

  it('reads empty sections as empty', () => {
    const { config } = parseConfig('model_list:\nlitellm_settings:\ngeneral_settings:\n', { env: {} });
    assert.deepEqual(config.model_list, []);
    assert.deepEqual(config.general_settings, {});
  });

  it('resolves os.environ/ references at any depth, inside lists too', () => {
    const text = [
      deployment(
        '      api_key: os.environ/KEY\n      extra_headers:\n        X-Team: os.environ/TEAM\n      tags: [os.environ/TAG, plain]\n',
      ),
      'router_settings:\n  redis_password: os.environ/REDIS_PASSWORD',
      'guardrails:\n  - guardrail_name: g\n    litellm_params:\n      api_key: os.environ/KEY',
    ].join('\n');
    const env = { KEY: SECRET, TEAM: 'blue', TAG: 'prod', REDIS_PASSWORD: 'hunter2' };
    const { config, warnings } = parseConfig(text, { env });
    const params = config.model_list[0]?.litellm_params;
    assert.equal(params?.api_key, SECRET);
    assert.deepEqual(params?.extra_headers, { 'X-Team': 'blue' });
    assert.deepEqual(params?.tags, ['prod', 'plain']);
    assert.equal(config.router_settings.redis_password, 'hunter2');
    assert.deepEqual(config.guardrails, [{ guardrail_name: 'g', litellm_params: { api_key: SECRET } }]);
    assert.ok(!warnings.join('\n').includes(SECRET));
  });

  it('leaves a reference to an unset variable empty and warns with its name and every path', () => {
    const text = `${deployment('      api_key: os.environ/MISSING_KEY\n')}\n  - model_name: n\n    litellm_params:\n      model: openai/x\n      api_key: os.environ/MISSING_KEY\n      tags: [os.environ/OTHER]\n`;
    const { config, warnings } = parseConfig(text, { env: {}, source: 'config.yaml' });
    assert.equal(config.model_list[0]?.litellm_params.api_key, undefined);
    assert.deepEqual(config.model_list[1]?.litellm_params.tags, [undefined]);
    assert.deepEqual(warnings, [
      'config.yaml: model_list[0].litellm_params.api_key, model_list[1].litellm_params.api_key: os.environ/MISSING_KEY is not set; the value is left empty',
      'config.yaml: model_list[1].litellm_params.tags[0]: os.environ/OTHER is not set; the value is left empty',
    ]);
  });

  it('reads environment_variables first, and lets them fill os.environ/ references', () => {
    const text = `environment_variables:\n  REDIS_PORT: 6379\n  FLAG: true\n  TOKEN: os.environ/REAL_TOKEN\n  EMPTY:\n${deployment('      api_base: os.environ/REDIS_PORT\n      api_key: os.environ/TOKEN\n')}`;
    const { config, warnings } = parseConfig(text, { env: { REAL_TOKEN: SECRET }, source: 'config.yaml' });
    assert.deepEqual(config.environment_variables, { REDIS_PORT: '6379', FLAG: 'true', TOKEN: SECRET });
    assert.equal(config.model_list[0]?.litellm_params.api_base, '6379');
    assert.equal(config.model_list[0]?.litellm_params.api_key, SECRET);
    assert.deepEqual(warnings, ['config.yaml: environment_variables.EMPTY: has no value; the variable is not set']);
  });

  it('lets environment_variables override the environment, as LiteLLM and start-up do', () => {
    const text = `environment_variables:\n  OPENAI_KEY: from-file\n${deployment('      api_key: os.environ/OPENAI_KEY\n')}`;
    const { config } = parseConfig(text, { env: { OPENAI_KEY: 'from-env' } });
    assert.equal(config.model_list[0]?.litellm_params.api_key, 'from-file');
    assert.equal(config.environment_variables.OPENAI_KEY, 'from-file');
  });

  it('takes numeric strings for numeric fields and rejects words', () => {
    const { config } = parseConfig(
      deployment(
        '      rpm: "100"\n      tpm: 20_000\n      timeout: " 30 "\n      input_cost_per_token: 1e-6\n      weight: "0.5"\n',
      ),
      { env: {} },
    );
    const params = config.model_list[0]?.litellm_params;
    assert.deepEqual(
      [params?.rpm, params?.tpm, params?.timeout, params?.input_cost_per_token, params?.weight],
      [100, 20000, 30, 0.000001, 0.5],
    );

    const error = expectConfigError(() =>
      parseConfig(deployment('      rpm: abc\n'), { source: 'config.yaml', env: {} }),
    );
    assert.equal(error.file, 'config.yaml');
    assert.equal(error.path, 'model_list[0].litellm_params.rpm');
    assert.equal(
      error.message,
      'config.yaml: model_list[0].litellm_params.rpm: expected a number of 0 or more, got "abc" (line 5)',
    );
  });

  it('coerces numbers and booleans read from the environment', () => {
    const text = `${deployment('      num_retries: os.environ/RETRIES\n      drop_params: os.environ/DROP\n')}general_settings:\n  max_request_size_mb: os.environ/SIZE\n  allow_client_side_credentials: "yes"\n  client_api_base_allowlist: os.environ/ALLOW\n`;
    const { config } = parseConfig(text, {
      env: { RETRIES: '3', DROP: 'true', SIZE: '2.5', ALLOW: 'localhost, 10.0.0.0/8' },
    });
    assert.equal(config.model_list[0]?.litellm_params.num_retries, 3);
    assert.equal(config.model_list[0]?.litellm_params.drop_params, true);
    assert.equal(config.general_settings.max_request_size_mb, 2.5);
    assert.equal(config.general_settings.allow_client_side_credentials, true);
    assert.deepEqual(config.general_settings.client_api_base_allowlist, ['localhost', '10.0.0.0/8']);
  });

  it('names the file, the exact path and the problem, for every invalid value', () => {
    const text = [
      'model_list:',
      '  - model_name: a',
      '    litellm_params: {model: openai/a}',
      '  - model_name: b',
      '    litellm_params:',
      '      model: openai/b',
      '      rpm: lots',
      '  - model_name: c',
      '    litellm_params:',
      '      api_base: http://x',
      '  - litellm_params: {model: openai/d, drop_params: maybe}',
      'general_settings:',
      '  max_request_size_mb: -1',
    ].join('\n');
    const error = expectConfigError(() => parseConfig(text, { source: 'config.yaml', env: {} }));
    assert.equal(error.path, 'model_list[1].litellm_params.rpm');
    assert.equal(error.line, 7);
    assert.deepEqual(error.message.split('\n'), [
      'config.yaml: model_list[1].litellm_params.rpm: expected a number of 0 or more, got "lots" (line 7)',
      'config.yaml: model_list[2].litellm_params.model: Required',
      'config.yaml: model_list[3].model_name: Required',
      'config.yaml: model_list[3].litellm_params.drop_params: expected true or false, got "maybe" (line 11)',
      'config.yaml: general_settings.max_request_size_mb: expected a number greater than 0, got -1 (line 13)',
    ]);
  });

  it('rejects a model_list that is not a list, and deployments without litellm_params', () => {
    assert.equal(
      expectConfigError(() => parseConfig('model_list: {a: 1}', { env: {} })).message,
      'model_list: expected a list of deployments (line 1)',
    );
    assert.equal(
      expectConfigError(() => parseConfig('model_list:\n  - model_name: x\n', { env: {} })).path,
      'model_list[0].litellm_params',
    );
    assert.equal(
      expectConfigError(() =>
        parseConfig('model_list:\n  - model_name: ""\n    litellm_params: {model: a}', { env: {} }),
      ).message,
      'model_list[0].model_name: must not be empty (line 2)',
    );
    assert.equal(expectConfigError(() => parseConfig('- a\n- b\n', { source: 'c.yaml', env: {} })).path, '');
  });

  it('never repeats a value read from the environment, nor a credential written in the file', () => {
    const fromEnv = expectConfigError(() =>
      parseConfig(deployment('      rpm: os.environ/RPM\n'), { env: { RPM: SECRET } }),
    );
    assert.equal(
      fromEnv.message,
      'model_list[0].litellm_params.rpm: expected a number of 0 or more, got the value of os.environ/RPM (line 5)',
    );
    const literal = expectConfigError(() => parseConfig(`general_settings:\n  master_key: [${SECRET}]\n`, { env: {} }));
    assert.equal(literal.message, 'general_settings.master_key: expected a string (line 2)');
  });

  it('says when a required value is missing because its variable is unset', () => {
    const error = expectConfigError(() =>
      parseConfig('model_list:\n  - model_name: m\n    litellm_params:\n      model: os.environ/MODEL\n', { env: {} }),
    );
    assert.equal(error.message, 'model_list[0].litellm_params.model: Required (os.environ/MODEL is not set) (line 4)');
  });

  it('refuses to start when the master key refers to an unset variable, instead of running without auth', () => {
    const error = expectConfigError(() =>
      parseConfig('general_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY\n', {
        env: {},
        source: 'config.yaml',
      }),
    );
    assert.equal(error.path, 'general_settings.master_key');
    assert.match(error.message, /os\.environ\/LITELLM_MASTER_KEY is not set; refusing to start/);
  });

  it('warns about a master key without the sk- prefix, and rejects an empty one', () => {
    const { warnings } = parseConfig('general_settings:\n  master_key: my-key\n', { env: {}, source: 'config.yaml' });
    assert.deepEqual(warnings, [
      'config.yaml: general_settings.master_key: does not start with "sk-", which LiteLLM requires; llmux accepts it',
    ]);
    assert.match(
      expectConfigError(() => parseConfig('general_settings:\n  master_key: ""\n', { env: {} })).message,
      /is empty/,
    );
    assert.equal(parseConfig('general_settings:\n  master_key: sk-1\n', { env: {} }).warnings.length, 0);
  });

  it('keeps unknown keys, warning about each with its path', () => {
    const text = `${deployment('      my_provider_flag: 1\n')}litellm_settings:\n  drop_param: true\n  telemetry: false\nrouter_settings:\n  routing_strategy: least-busy\ngeneral_settings:\n  master_kee: sk-1\nmy_section: {a: 1}\n`;
    const { config, warnings } = parseConfig(text, { env: {}, source: 'config.yaml' });
    assert.equal(config.litellm_settings.drop_param, true);
    assert.equal(config.general_settings.master_kee, 'sk-1');
    assert.deepEqual(config.my_section, { a: 1 });
    assert.equal(config.model_list[0]?.litellm_params.my_provider_flag, 1);
    assert.deepEqual(warnings, [
      "config.yaml: my_section: unknown section (not one of LiteLLM's); it is kept but has no effect",
      "config.yaml: litellm_settings.drop_param: unknown setting (not in LiteLLM's documented settings); it is kept but has no effect",
      'config.yaml: litellm_settings: telemetry: LiteLLM setting that llmux does not implement yet; kept, but without effect',
      "config.yaml: general_settings.master_kee: unknown setting (not in LiteLLM's documented settings); it is kept but has no effect",
    ]);
  });

  it('reports a YAML syntax error with its line and column, without quoting the line', () => {
    const error = expectConfigError(() =>
      parseConfig(`model_list:\n  - model_name: x\n   litellm_params: {api_key: ${SECRET}}\n`, {
        source: 'config.yaml',
      }),
    );
    assert.equal(error.line, 3);
    assert.equal(error.column, 1);
    assert.match(error.message, /^config\.yaml: YAML syntax error: .+ \(line 3, column 1\)$/);
    assert.ok(!error.message.includes(SECRET));
  });

  it('asks for loadConfigFile when the text has an include', () => {
    assert.match(
      expectConfigError(() => parseConfig('include: [models.yaml]\n', { env: {} })).message,
      /^include: include needs a file to resolve against; load this config with loadConfigFile/,
    );
  });

  it('leaves model_info.id absent when the file has none, and reads a numeric id as text', () => {
    const { config } = parseConfig(
      'model_list:\n  - model_name: a\n    litellm_params: {model: x}\n  - model_name: b\n    litellm_params: {model: y}\n    model_info: {id: 7, mode: chat}\n',
      { env: {} },
    );
    assert.deepEqual(config.model_list[0]?.model_info, {});
    assert.ok(!('id' in (config.model_list[0]?.model_info ?? {})));
    assert.deepEqual(config.model_list[1]?.model_info, { id: '7', mode: 'chat' });
  });

  it('reads env from process.env by default', () => {
    process.env.LLMUX_CONFIG_TEST_KEY = 'from-process';
    try {
      const { config } = parseConfig(deployment('      api_key: os.environ/LLMUX_CONFIG_TEST_KEY\n'));
      assert.equal(config.model_list[0]?.litellm_params.api_key, 'from-process');
    } finally {
      delete process.env.LLMUX_CONFIG_TEST_KEY;
    }
  });
});
