import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromModel } from './index.js';

describe('configFromModel', () => {
  it('serves the one model under its own name', () => {
    assert.deepEqual(configFromModel('anthropic/claude-sonnet-4-5'), {
      model_list: [
        {
          model_name: 'anthropic/claude-sonnet-4-5',
          litellm_params: { model: 'anthropic/claude-sonnet-4-5' },
          model_info: {},
        },
      ],
      litellm_settings: {},
      router_settings: {},
      general_settings: {},
      environment_variables: {},
    });
  });

  it('has no deployment for an empty model', () => {
    assert.deepEqual(configFromModel('').model_list, []);
  });
});
