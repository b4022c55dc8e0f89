import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectConfigError } from './__fixtures__/expect-config-error.js';
import { parseConfig } from './index.js';

describe('client credential settings are validated at load', () => {
  it('refuses an allow-list entry that is not a host, an address or a CIDR, with its line', () => {
    const text = [
      'model_list: []',
      'general_settings:',
      '  allow_client_side_credentials: true',
      '  client_api_base_allowlist:',
      '    - models.internal.example',
      '    - 10.0.0.0/33',
      '    - https://evil.example',
    ].join('\n');
    const error = expectConfigError(() => parseConfig(text, { source: 'config.yaml', env: {} }));
    assert.match(
      error.message,
      /general_settings\.client_api_base_allowlist\[1\]: expected a host name, an IP address or a network such as 10\.0\.0\.0\/8, got "10\.0\.0\.0\/33" \(line 6\)/,
    );
    assert.match(error.message, /client_api_base_allowlist\[2\].*"https:\/\/evil\.example" \(line 7\)/);
  });

  it('accepts hosts, addresses and CIDRs, as a list or a comma-separated variable', () => {
    const text = 'general_settings:\n  client_api_base_allowlist: os.environ/ALLOW\n';
    const { config } = parseConfig(text, { env: { ALLOW: 'localhost, 10.0.0.0/8, fd00::/8' } });
    assert.deepEqual(config.general_settings.client_api_base_allowlist, ['localhost', '10.0.0.0/8', 'fd00::/8']);
    const bad = expectConfigError(() => parseConfig(text, { source: 'c.yaml', env: { ALLOW: '10.0.0.0/99' } }));
    assert.match(bad.message, /client_api_base_allowlist: expected a host name/);
  });

  it('refuses a configurable_clientside_auth_params pattern that does not compile', () => {
    const text = [
      'model_list:',
      '  - model_name: m',
      '    litellm_params:',
      '      model: openai/gpt-4o',
      '      configurable_clientside_auth_params:',
      '        - api_key',
      '        - api_base: "^https://(unclosed"',
    ].join('\n');
    const error = expectConfigError(() => parseConfig(text, { source: 'config.yaml', env: {} }));
    assert.match(
      error.message,
      /configurable_clientside_auth_params\[1\]\.api_base: expected a valid regular expression/,
    );
  });
});
