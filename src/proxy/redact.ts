/**
 * Secret shapes the providers use, found by their form alone (an error message may echo any of
 * them): OpenAI / Anthropic / OpenRouter `sk-…`, Google `AIza…`, JWTs and Entra ID tokens
 * (`eyJ…` in three dot-separated base64url parts), AWS access key ids, Azure keys (32 hex digits,
 * or the newer 84 characters), and vendor prefixes (Groq `gsk_`, xAI `xai-`, Hugging Face `hf_` …).
 */
const TOKEN_SHAPES = new RegExp(
  [
    String.raw`\bsk-[A-Za-z0-9_*.-]{6,}`,
    String.raw`\bAIza[0-9A-Za-z_-]{20,}`,
    String.raw`\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`,
    String.raw`\b(?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA)[A-Z0-9]{16}\b`,
    String.raw`\b(?:gsk_|xai-|hf_|pplx-|r8_|nvapi-|sk_|ghp_|github_pat_)[A-Za-z0-9_-]{10,}`,
    String.raw`\b[0-9a-fA-F]{32}\b`,
    String.raw`\b[A-Za-z0-9]{84}\b`,
  ].join('|'),
  'g',
);

/** `://user:password@` in a URL. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi;
/** Credential-bearing query parameters: `?key=…`, `&api-key=…`, `access_token=…`, SAS `sig=…`. */
const SECRET_QUERY =
  /([?&;](?:key|api[-_]?key|access[-_]?token|id[-_]?token|token|auth|sig|signature|password|secret|client[-_]?secret|code)=)[^&#\s"'<>]+/gi;
/** `Bearer …` / `Basic …` in an echoed `Authorization` header. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/g;
/** Echoed key headers or fields: `x-api-key: …`, `"api_key": "…"`, `aws_secret_access_key=…`. */
const SECRET_FIELD =
  /\b((?:x-)?api[-_]?key|x-goog-api-key|ocp-apim-subscription-key|(?:aws_)?secret_access_key|SecretAccessKey|client_secret|password)(["']?\s*[:=]\s*["']?)(?!\*\*\*\*)([^\s"',;}&]{4,})/gi;

/**
 * Masks a secret LiteLLM-style: four characters kept at each end of a long value (`sk-a****xyz9`),
 * nothing kept of a short one. Already masked values are left as they are.
 * @example maskSecret('sk-abcdefghijklmnopqrstuvwxyz9') // 'sk-a****xyz9'
 */
export function maskSecret(value: string): string {
  if (value.includes('****')) return value;
  return value.length >= 16 ? `${value.slice(0, 4)}****${value.slice(-4)}` : '****';
}

/**
 * Masks anything that looks like a credential before text leaves the gateway (error messages to
 * clients, log lines). It runs on error paths only; a handful of regex passes over a short text.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, '$1****@')
    .replace(SECRET_QUERY, '$1****')
    .replace(AUTH_SCHEME, '$1 ****')
    .replace(SECRET_FIELD, (_match, name: string, separator: string) => `${name}${separator}****`)
    .replace(TOKEN_SHAPES, maskSecret);
}
