import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readYaml } from './read-yaml.js';

// LiteLLM reads config.yaml with PyYAML (YAML 1.1); these are the readings real configs depend on.
describe('readYaml', () => {
  it('reads values as PyYAML does where configs rely on it', () => {
    const { data } = readYaml(
      'tpm: 20_000\ncost: 1_000.5\ndrop: yes\noff_flag: off\nupper: True\nversion: 2023-05-15\npreview: 2024-02-15-preview\nn: no\ny: 1\nquoted: "on"\n',
      undefined,
    );
    assert.deepEqual(data, {
      tpm: 20000,
      cost: 1000.5,
      drop: true,
      off_flag: false,
      upper: true,
      version: '2023-05-15',
      preview: '2024-02-15-preview',
      n: false,
      y: 1,
      quoted: 'on',
    });
  });

  it('keeps the keys y and n as text, unlike a strict YAML 1.1 reader', () => {
    const { data } = readYaml('y: 1\nn: 2\n', undefined);
    assert.deepEqual(Object.keys(data as object), ['y', 'n']);
  });

  it('expands anchors and merge keys', () => {
    const { data } = readYaml('base: &base {api_base: http://x, rpm: 5}\nentry:\n  <<: *base\n  rpm: 6\n', undefined);
    assert.deepEqual((data as Record<string, unknown>).entry, { api_base: 'http://x', rpm: 6 });
  });

  it('takes the last of duplicate keys, as PyYAML does, and warns with the line', () => {
    const file = readYaml('general_settings:\n  master_key: sk-1\n  master_key: sk-2\n', 'config.yaml');
    assert.deepEqual(file.data, { general_settings: { master_key: 'sk-2' } });
    assert.deepEqual(file.warnings, [
      'config.yaml: general_settings.master_key: duplicate key; the last one is used (line 3)',
    ]);
  });

  it('finds the line of a path', () => {
    const file = readYaml('model_list:\n  - model_name: a\n    litellm_params:\n      rpm: x\n', undefined);
    assert.equal(file.lineOf(['model_list', 0, 'litellm_params', 'rpm']), 4);
    assert.equal(file.lineOf(['model_list', 3]), undefined);
  });

  it('rejects several documents in one file', () => {
    assert.throws(
      () => readYaml('a: 1\n---\nb: 2\n', 'config.yaml'),
      /config\.yaml: YAML syntax error: a config file holds one YAML document/,
    );
  });
});
