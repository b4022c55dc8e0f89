import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskApiBase, maskCredentialFields } from './mask-secrets.js';

describe('maskApiBase', () => {
  it('returns a URL without password or query as it is', () => {
    const url = 'https://my-resource.openai.azure.com/openai';
    assert.equal(maskApiBase(url), url);
  });

  it('masks the password and every query value', () => {
    const masked = maskApiBase('https://svc:p4ssw0rd-long-enough@host.example/v1?sig=sv2024signaturevalue0042&k=short');
    assert.ok(!/p4ssw0rd|signaturevalue|short/.test(masked), masked);
    assert.match(masked, /^https:\/\/svc:\*\*\*\*@host\.example\/v1\?sig=sv20\*\*\*\*0042&k=\*\*\*\*$/);
  });
});

describe('maskCredentialFields', () => {
  it('masks keys, tokens, header values, cloud credentials and the api_base query, and keeps the rest', () => {
    const shown = maskCredentialFields({
      model: 'azure/gpt-4o',
      api_key: 'sk-live-0123456789abcdefghij',
      azure_ad_token: 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2ln',
      aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      vertex_credentials: { private_key: '-----BEGIN PRIVATE KEY-----abc' },
      extra_headers: { 'x-tenant': 'tenant-secret-value-1234', 'x-short': 'abc' },
      headers: { authorization: 'Bearer abcdefghijklmnop' },
      api_base: 'https://host/v1?code=function-key-0123456789',
      litellm_credential_name: 'azure-prod',
      input_cost_per_token: 0.000002,
      rpm: 100,
      metadata: { owner: 'team-a', api_key: 'nested-secret-0123456789' },
    });
    const text = JSON.stringify(shown);
    for (const secret of [
      '0123456789abcdefghij',
      'eyJ0eXAi',
      'wJalrXUtnFEMI',
      'BEGIN PRIVATE',
      'tenant-secret',
      '"abc"',
      'abcdefghijklmnop',
      'function-key',
      'nested-secret',
    ]) {
      assert.ok(!text.includes(secret), `${secret} shown in ${text}`);
    }
    assert.equal(shown.model, 'azure/gpt-4o');
    assert.equal(shown.litellm_credential_name, 'azure-prod');
    assert.equal(shown.input_cost_per_token, 0.000002);
    assert.equal(shown.rpm, 100);
    assert.deepEqual(Object.keys(shown.extra_headers as object), ['x-tenant', 'x-short']);
    assert.equal((shown.metadata as Record<string, unknown>).owner, 'team-a');
    assert.equal(shown.api_key, 'sk-l****ghij');
  });
});
