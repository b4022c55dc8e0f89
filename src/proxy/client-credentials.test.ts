import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClientCredentialPolicy, clientCredentialOverlay } from './client-credentials.js';

// Never the system resolver: these tests do not touch the network.
const policy = (allowlist: string[] = []): ClientCredentialPolicy => ({
  allowAll: false,
  apiBaseAllowlist: allowlist,
  resolve: async () => [{ address: '93.184.216.34', family: 4 }],
});

function overlayFor(pattern: string, apiBase: string) {
  return clientCredentialOverlay({
    body: { api_base: apiBase },
    groupParams: [{ model: 'openai/gpt-4o', configurable_clientside_auth_params: [{ api_base: pattern }] }],
    policy: policy(),
  });
}

describe('configurable_clientside_auth_params patterns are matched whole', () => {
  it('accepts a base the pattern describes', async () => {
    const overlay = await overlayFor(String.raw`https://api\.example\.com/v1`, 'https://api.example.com/v1/');
    assert.equal(overlay.api_base, 'https://api.example.com/v1/');
  });

  it('refuses a base that only contains what the pattern describes', async () => {
    for (const [pattern, apiBase] of [
      [String.raw`example\.com`, 'https://evil.com/?example.com'],
      [String.raw`https://api\.example\.com/v1`, 'https://evil.com/?x=https://api.example.com/v1'],
      [String.raw`https://api\.example\.com`, 'https://api.example.com.evil.com'],
      // The URL parser reads a backslash as a slash: this reaches evil.com.
      [String.raw`https://[^/]*\.example\.com`, String.raw`https://evil.com\.example.com`],
    ] as const) {
      await assert.rejects(
        overlayFor(pattern, apiBase),
        /Rejected Request: api_base is not allowed/,
        `${pattern} vs ${apiBase}`,
      );
    }
  });

  it('treats a pattern that does not compile as no permission', async () => {
    await assert.rejects(overlayFor('https://(unclosed', 'https://api.example.com'), /Rejected Request/);
  });
});

describe('the gateway marker', () => {
  it('cannot come from a body, even with client-side credentials allowed', async () => {
    await assert.rejects(
      clientCredentialOverlay({
        body: { llmux_client_supplied_base: { credentials: { api_base: 'http://127.0.0.1' } } },
        groupParams: [{ model: 'openai/gpt-4o' }],
        policy: { ...policy(), allowAll: true },
      }),
      /llmux_client_supplied_base is not allowed in request body/,
    );
  });

  it('marks a client base and blanks the deployment fields that sign or extend a call', async () => {
    const overlay = await clientCredentialOverlay({
      body: { api_base: 'https://api.example.com/v1', api_key: 'client-key' },
      groupParams: [
        {
          model: 'azure/dep',
          api_key: 'server',
          azure_client_secret: 'server',
          vendor_extra: 'x',
          api_version: '2024-10-21',
          rpm: 5,
        },
      ],
      policy: { ...policy(), allowAll: true },
    });
    assert.ok(overlay.llmux_client_supplied_base);
    for (const name of ['azure_client_secret', 'vendor_extra', 'azure_ad_token', 'extra_headers', 'organization']) {
      assert.ok(name in overlay && overlay[name] === undefined, name);
    }
    assert.equal(overlay.api_key, 'client-key');
    assert.equal('api_version' in overlay, false, "non-secret routing fields stay the deployment's");
    assert.equal('rpm' in overlay, false);
  });
});

describe('client_api_base_allowlist at run time', () => {
  it('names the bad entry when a policy built without the config schema has one', async () => {
    await assert.rejects(
      clientCredentialOverlay({
        body: { api_base: 'https://api.example.com' },
        groupParams: [{ model: 'openai/gpt-4o' }],
        policy: { ...policy(['10.0.0.0/33']), allowAll: true },
      }),
      /client_api_base_allowlist: "10\.0\.0\.0\/33" is not a host name, an IP address or a network/,
    );
  });

  it('refuses private and metadata bases, and lets listed ones through', async () => {
    const allow = async (apiBase: string, allowlist: string[] = []) =>
      clientCredentialOverlay({
        body: { api_base: apiBase },
        groupParams: [],
        policy: { ...policy(allowlist), allowAll: true },
      });
    for (const apiBase of [
      'http://169.254.169.254/latest',
      'http://[::ffff:169.254.169.254]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://metadata.google.internal/',
      'http://localhost:8080',
    ]) {
      await assert.rejects(allow(apiBase), /Rejected Request: api_base/, apiBase);
    }
    await allow('http://10.1.2.3:8000/v1', ['10.0.0.0/8']);
    await allow('http://localhost:8080', ['localhost']);
  });
});
