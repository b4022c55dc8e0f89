import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecret, redactSecrets } from './redact.js';

/** Secrets of every shape the providers use, each as an error message might echo it. */
const SECRETS: Record<string, string> = {
  openai: 'sk-proj-Abc123def456ghi789jkl012mno345pqr678',
  anthropic: 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  azureHex: '0123456789abcdef0123456789abcdef',
  azureLong: 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2G3h4I5j6K7l8M9n0O1p2',
  jwt: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzIn0.c2lnbmF0dXJlLXBhcnQ',
  awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  awsSessionKeyId: 'ASIAY34FZKBOKMUTVV7A',
  google: 'AIzaSyD-1234567890abcdefghijklmnopqrstu',
  groq: 'gsk_abcdefghijklmnopqrstuvwxyz012345',
};

describe('redactSecrets', () => {
  for (const [shape, secret] of Object.entries(SECRETS)) {
    it(`masks ${shape} keys`, () => {
      const redacted = redactSecrets(`Upstream said: invalid credential ${secret} (401)`);
      assert.ok(!redacted.includes(secret), redacted);
      assert.match(redacted, /^Upstream said: invalid credential \S*\*\*\*\*\S* \(401\)$/);
    });
  }

  it('keeps four characters at each end of a long key, LiteLLM-style', () => {
    assert.equal(redactSecrets(`key ${SECRETS.openai}`), 'key sk-p****r678');
  });

  it('masks AWS secret access keys where they are named', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const text of [`aws_secret_access_key=${secret}`, `"SecretAccessKey": "${secret}"`]) {
      const redacted = redactSecrets(text);
      assert.ok(!redacted.includes(secret), redacted);
    }
  });

  it('masks bearer tokens and key headers echoed back', () => {
    const redacted = redactSecrets(
      'headers: {"authorization": "Bearer opaque-token-value-123", "x-api-key": "plainkey12345", "api-key": "azkey98765"}',
    );
    assert.ok(!/opaque-token-value-123|plainkey12345|azkey98765/.test(redacted), redacted);
    assert.match(redacted, /Bearer \*\*\*\*/);
  });

  it('masks credential query values and passwords in URLs', () => {
    const redacted = redactSecrets(
      'Could not reach https://user:hunter2pass@host.example/v1?api-version=2024-10-21&key=plainsecret&sig=abc%2Fdef then http://x/?token=t0k3n',
    );
    assert.ok(!/hunter2pass|plainsecret|abc%2Fdef|t0k3n/.test(redacted), redacted);
    assert.match(redacted, /api-version=2024-10-21/, 'other query values stay readable');
    assert.match(redacted, /user:\*\*\*\*@host\.example/);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Invalid model name passed in model=gpt-4o-mini. Rate limit: 429 after 3 retries (request req_01H8).';
    assert.equal(redactSecrets(text), text);
  });
});

describe('maskSecret', () => {
  it('keeps four characters at each end of long values, nothing of short ones, and leaves masked ones alone', () => {
    assert.equal(maskSecret('sk-abcdefghijklmnopqrstuvwxyz9'), 'sk-a****xyz9');
    assert.equal(maskSecret('short-secret'), '****');
    assert.equal(maskSecret('sk-a****xyz9'), 'sk-a****xyz9');
  });
});
