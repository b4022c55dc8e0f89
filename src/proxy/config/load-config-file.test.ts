import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfigFile } from './index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

describe('loadConfigFile', () => {
  let directory = '';
  const write = async (name: string, text: string) => {
    const path = join(directory, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return path;
  };
  const rejection = async (path: string): Promise<ConfigError> => {
    try {
      await loadConfigFile(path, { env: {} });
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error;
    }
    assert.fail('expected a ConfigError');
  };

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'llmux-config-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("loads LiteLLM's include example: the included model_list is added", async () => {
    const { config, warnings } = await loadConfigFile(join(fixtures, 'include', 'parent_config.yaml'), { env: {} });
    assert.deepEqual(
      config.model_list.map((entry) => [entry.model_name, entry.litellm_params.model]),
      [
        ['gpt-4o', 'openai/gpt-4o'],
        ['fake-anthropic-endpoint', 'anthropic/fake'],
      ],
    );
    assert.deepEqual(config.litellm_settings.callbacks, ['prometheus']);
    assert.ok(!('include' in config));
    assert.ok(config.source?.endsWith('parent_config.yaml'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
  });

  it('appends model lists in order, nests includes relative to each file, and keeps the main file settings', async () => {
    await write('nested/models-b.yaml', 'model_list:\n  - model_name: b\n    litellm_params: {model: openai/b}\n');
    await write(
      'nested/models-a.yaml',
      'include: models-b.yaml\nmodel_list:\n  - model_name: a\n    litellm_params: {model: openai/a, api_key: os.environ/A_KEY}\nlitellm_settings:\n  num_retries: 9\n  request_timeout: 30\nguardrails: [{guardrail_name: two}]\n',
    );
    const main = await write(
      'main.yaml',
      'include: [nested/models-a.yaml]\nmodel_list:\n  - model_name: main\n    litellm_params: {model: openai/main}\nlitellm_settings:\n  num_retries: 2\nguardrails: [{guardrail_name: one}]\nenvironment_variables:\n  A_KEY: from-main\n',
    );
    const { config, warnings } = await loadConfigFile(main, { env: {} });
    assert.deepEqual(
      config.model_list.map((entry) => entry.model_name),
      ['main', 'a', 'b'],
    );
    assert.equal(
      config.model_list[1]?.litellm_params.api_key,
      'from-main',
      "an included file sees the main file's environment_variables",
    );
    assert.deepEqual(config.litellm_settings, { num_retries: 2, request_timeout: 30 });
    assert.deepEqual(config.guardrails, [{ guardrail_name: 'one' }, { guardrail_name: 'two' }]);
    assert.ok(
      warnings.some((line) =>
        /models-a\.yaml: litellm_settings\.num_retries: also set in .*main\.yaml; that value is used$/.test(line),
      ),
      warnings.join('\n'),
    );
  });

  it('names the included file and the path in its errors', async () => {
    await write(
      'bad/models.yaml',
      'model_list:\n  - model_name: x\n    litellm_params:\n      model: openai/x\n      tpm: many\n',
    );
    const main = await write('bad/config.yaml', 'include:\n  - models.yaml\n');
    const error = await rejection(main);
    assert.ok(error.file?.endsWith('models.yaml'));
    assert.equal(error.path, 'model_list[0].litellm_params.tpm');
    assert.match(
      error.message,
      /models\.yaml: model_list\[0\]\.litellm_params\.tpm: expected a number of 0 or more, got "many" \(line 5\)$/,
    );
  });

  it('fails on a missing included file, a cycle, or an include that is not a path', async () => {
    const missing = await rejection(await write('missing.yaml', 'include: [nowhere.yaml]\n'));
    assert.match(missing.message, /missing\.yaml: include\[0\]: cannot read nowhere\.yaml \(ENOENT\) \(line 1\)$/);

    await write('cycle-b.yaml', 'include: [cycle-a.yaml]\n');
    const cycle = await rejection(await write('cycle-a.yaml', 'include: [cycle-b.yaml]\n'));
    assert.match(cycle.message, /include\[0\]: cycle-a\.yaml includes itself/);

    const notPath = await rejection(await write('not-path.yaml', 'include: [{file: x}]\n'));
    assert.equal(notPath.path, 'include[0]');
  });

  it('reports YAML errors with the file name and line', async () => {
    const error = await rejection(
      await write('broken.yaml', 'model_list:\n  - model_name: x\n   litellm_params: {}\n'),
    );
    assert.ok(error.file?.endsWith('broken.yaml'));
    assert.equal(error.line, 3);
  });

  it('rejects a missing main file with the error from the file system', async () => {
    await assert.rejects(loadConfigFile(join(directory, 'does-not-exist.yaml'), { env: {} }), { code: 'ENOENT' });
  });
});
