import { maskSecret, redactSecrets } from './redact.js';

/**
 * A base URL fit to show: the password and every query value masked
 * (`https://u:****@host/v1?sig=sv-2****e%3D`). A URL with neither, the usual case, is returned
 * as it is without being parsed, so the response header that carries it costs two `indexOf`s.
 * @example maskApiBase('https://host/v1?key=AIzaSyA-1234567890abcdef') // 'https://host/v1?key=AIza****cdef'
 */
export function maskApiBase(apiBase: string): string {
  if (apiBase.indexOf('?') === -1 && apiBase.indexOf('@') === -1) return apiBase;
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return redactSecrets(apiBase);
  }
  if (url.password) url.password = '****';
  if (url.search.length > 1) {
    const masked = url.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=');
        return equals === -1 ? pair : `${pair.slice(0, equals + 1)}${maskSecret(decodeSafely(pair.slice(equals + 1)))}`;
      })
      .join('&');
    url.search = `?${masked}`;
  }
  return url.toString().replace(/%2A/g, '*');
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Field names that hold a credential (LiteLLM's masker uses the same words); `*_name` fields
// (`litellm_credential_name`) and prices (`input_cost_per_token`) are names and numbers, not secrets.
const SECRET_NAME = /key|secret|token|password|credential|passphrase|auth|^organization$/i;
const HEADER_FIELDS: ReadonlySet<string> = new Set(['extra_headers', 'headers']);
const URL_FIELDS: ReadonlySet<string> = new Set(['api_base', 'base_url']);

/**
 * A deployment's params (or any config mapping) fit to show on `/model/info` and the like:
 * credentials masked, every header value masked, api_base without its password and query values.
 * Nested mappings (`metadata`, a JSON `vertex_credentials`) are masked the same way.
 */
export function maskCredentialFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) shown[name] = maskField(name, value, depth);
  return shown;
}

function maskField(name: string, value: unknown, depth: number): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  if (HEADER_FIELDS.has(name) && typeof value === 'object' && !Array.isArray(value)) {
    const headers: Record<string, string> = {};
    for (const [header, headerValue] of Object.entries(value)) headers[header] = maskSecret(String(headerValue));
    return headers;
  }
  if (URL_FIELDS.has(name) && typeof value === 'string') return maskApiBase(value);
  if (SECRET_NAME.test(name) && !name.endsWith('_name') && !name.includes('cost')) {
    return typeof value === 'string' ? maskSecret(value) : '****';
  }
  if (typeof value === 'string') return redactSecrets(value);
  if (depth >= 4) return '****';
  if (Array.isArray(value)) return value.map((item) => maskField('', item, depth + 1));
  if (typeof value === 'object') return maskCredentialFields(value as Record<string, unknown>, depth + 1);
  return value;
}
