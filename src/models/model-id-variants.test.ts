import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looseModelKey, modelFamilyKeys, modelIdVariants } from './model-id-variants.js';

describe('model id variants', () => {
  it('tries the exact id first, then dashed dates, then looser spellings', () => {
    assert.deepEqual(modelIdVariants('Claude-Sonnet-4-20250514'), [
      'claude-sonnet-4-20250514',
      'claude-sonnet-4-2025-05-14',
      'claude-sonnet-4',
    ]);
    assert.deepEqual(modelIdVariants('claude-sonnet-4@20250514').slice(0, 2), [
      'claude-sonnet-4@20250514',
      'claude-sonnet-4-20250514',
    ]);
  });

  it('drops dates, -latest, Bedrock regions and versions, and models/ for loose matching', () => {
    assert.equal(looseModelKey('us.anthropic.claude-3-5-sonnet-20240620-v1:0'), 'anthropic.claude-3-5-sonnet');
    assert.equal(looseModelKey('models/gemini-2.5-flash'), 'gemini-2.5-flash');
    assert.equal(looseModelKey('mistral-large-latest'), 'mistral-large');
    assert.equal(looseModelKey('gpt-4o-2024-08-06'), 'gpt-4o');
  });

  it('walks up family names while they still hold a version number', () => {
    assert.deepEqual(modelFamilyKeys('claude-sonnet-4-5'), ['claude-sonnet-4']);
    assert.deepEqual(modelFamilyKeys('gpt-5.1'), ['gpt-5']);
    assert.deepEqual(modelFamilyKeys('o3'), []);
  });
});
