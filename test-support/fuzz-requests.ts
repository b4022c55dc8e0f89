import fc from 'fast-check';

/*
 * Generators of hostile and malformed requests for the proxy fuzz test (test/e2e/fuzz.test.ts):
 * mostly the real endpoints with their own bodies bent out of shape, plus random JSON, JSON-ish
 * text, deep nesting, random header values and paths with broken percent-escapes.
 */

/** One generated request. */
export interface FuzzCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const HEADER_CHARS = [...Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)), '\t', 'é', 'ÿ'];
const headerValue = fc.string({ unit: fc.constantFrom(...HEADER_CHARS), maxLength: 60 });
const JSONISH_CHARS = [...'{}[]":,.-+eE0123456789 \\ntruefalsenul\u0000\u2028\ud800'];
const jsonish = fc.string({ unit: fc.constantFrom(...JSONISH_CHARS), maxLength: 200 });
const anyJson = fc.jsonValue({ maxDepth: 4 });
/** Values a real client might send for a field, right or wrong: small numbers, flags, names, bases. */
const plausible = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constantFrom(
    'http://127.0.0.1:1',
    'http://169.254.169.254/latest',
    'gpt',
    'claude',
    'auto',
    'none',
    '',
    null,
    [],
    {},
  ),
);
const fieldValue = fc.oneof(anyJson, plausible);

/** The POST endpoints, each with the kind of body it takes. */
const POST_ROUTES = {
  '/v1/chat/completions': 'chat',
  '/chat/completions': 'chat',
  '/openai/deployments/gpt/chat/completions': 'chat',
  '/v1/completions': 'completion',
  '/v1/embeddings': 'embedding',
  '/embeddings': 'embedding',
  '/v1/messages': 'messages',
  '/v1/messages/count_tokens': 'messages',
} as const;
type BodyKind = (typeof POST_ROUTES)[keyof typeof POST_ROUTES];
const GET_ROUTES = ['/v1/models', '/model/info', '/v1/model_group/info', '/health', '/health/liveliness', '/'];

const percentEscape = fc.constantFrom(
  '%',
  '%2',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%2F',
  '%25',
  '%C3%28',
  '%FF',
  '%u0041',
  '%0d%0a',
);
const segment = fc.oneof(fc.webSegment(), percentEscape, fc.constantFrom('..', '.', 'gpt', 'claude', 'v1', 'chat'));
const randomPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
const deploymentPath = segment.map((name) => `/openai/deployments/${name}/chat/completions`);
const query = fc.option(
  fc.oneof(
    fc.webQueryParameters(),
    percentEscape.map((value) => `a=${value}`),
  ),
  { freq: 4 },
);
const withQuery = (route: string, search: string | null) => (search === null ? route : `${route}?${search}`);

/** Mostly the real endpoints with the right method, sometimes anything. */
const target = fc.oneof(
  {
    weight: 7,
    arbitrary: fc
      .tuple(fc.constantFrom(...(Object.keys(POST_ROUTES) as (keyof typeof POST_ROUTES)[])), query)
      .map(([route, search]) => ({
        method: 'POST',
        path: withQuery(route, search),
        kind: POST_ROUTES[route] as BodyKind | 'any',
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...GET_ROUTES), query)
      .map(([route, search]) => ({ method: 'GET', path: withQuery(route, search), kind: 'any' as const })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
        fc.oneof(randomPath, deploymentPath),
        query,
      )
      .map(([method, route, search]) => ({ method, path: withQuery(route, search), kind: 'any' as const })),
  },
);

const KNOWN_FIELDS = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'n',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logprobs',
  'top_logprobs',
  'logit_bias',
  'tools',
  'tool_choice',
  'functions',
  'stop',
  'seed',
  'user',
  'response_format',
  'prompt',
  'input',
  'dimensions',
  'encoding_format',
  'system',
  'top_k',
  'stop_sequences',
  'metadata',
  'tags',
  'num_retries',
  'max_retries',
  'timeout',
  'fallbacks',
  'api_base',
  'base_url',
  'api_key',
  'api_version',
  'extra_headers',
  'headers',
  'drop_params',
  'caching',
  'cache',
  'thinking',
  'echo',
  'suffix',
] as const;

export const validChat = { model: 'gpt', messages: [{ role: 'user', content: 'Hi' }] };
export const validMessages = { model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] };
const GOOD_BODIES: Record<BodyKind, Record<string, unknown>[]> = {
  chat: [validChat, { ...validChat, stream: true }],
  completion: [
    { model: 'gpt', prompt: 'Hi' },
    { model: 'gpt', prompt: 'Hi', stream: true },
  ],
  embedding: [{ model: 'gpt', input: 'Hi' }],
  messages: [validMessages, { ...validMessages, stream: true }],
};
const allGoodBodies = Object.values(GOOD_BODIES).flat();

/** A good body with some known fields (or a message's role/content) replaced by anything. */
const wrongTypes = (base: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(
      base,
      fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), fieldValue, { maxKeys: 3 }),
      fc.option(fc.tuple(fc.constantFrom('role', 'content', 'name', 'tool_calls'), fieldValue)),
    )
    .map(([body, fields, messageField]) => {
      const result: Record<string, unknown> = { ...body, ...fields };
      if (messageField && Array.isArray(body.messages))
        result.messages = [{ role: 'user', content: 'Hi', [messageField[0]]: messageField[1] }];
      return JSON.stringify(result);
    });

/** Nesting deep enough to hurt a recursive walker, inside the fields that carry free-form JSON. */
const deepNesting = (base: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(
      // Mostly within the proxy's depth limit (so deep values reach every walker), sometimes far past it.
      fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 10, max: 99 }) },
        { weight: 2, arbitrary: fc.integer({ min: 100, max: 5000 }) },
        { weight: 1, arbitrary: fc.constant(100_000) },
      ),
      fc.constantFrom('tools', 'content', 'metadata', 'top'),
      base,
    )
    .map(([depth, where, body]) => {
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      if (where === 'top') return deep;
      const text = JSON.stringify(body);
      if (where === 'content' && Array.isArray(body.messages)) {
        return text.replace('"content":"Hi"', `"content":[{"type":"text","text":"Hi","x":${deep}}]`);
      }
      return `${text.slice(0, -1)},"${where}":${deep}}`;
    });

/** A body for an endpoint: mostly its own good body bent out of shape, sometimes anything. */
const bodyFor = (kind: BodyKind | 'any') => {
  const base = fc.constantFrom(...(kind === 'any' ? allGoodBodies : GOOD_BODIES[kind]));
  return fc.oneof(
    { weight: 2, arbitrary: base.map((good) => JSON.stringify(good)) },
    { weight: 6, arbitrary: wrongTypes(base) },
    { weight: 1, arbitrary: wrongTypes(fc.constantFrom(...allGoodBodies)) },
    { weight: 2, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: jsonish },
    { weight: 1, arbitrary: deepNesting(base) },
    { weight: 1, arbitrary: fc.constant('') },
  );
};

const headersWith = (masterKey: string) =>
  fc
    .record({
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant('application/json') },
        {
          weight: 1,
          arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', 'multipart/form-data', ''),
        },
        { weight: 1, arbitrary: headerValue },
      ),
      auth: fc.oneof(
        { weight: 12, arbitrary: fc.constant({ authorization: `Bearer ${masterKey}` }) },
        { weight: 2, arbitrary: fc.constant({ 'x-api-key': masterKey }) },
        { weight: 1, arbitrary: fc.constant({}) },
        { weight: 2, arbitrary: headerValue.map((value) => ({ authorization: value })) },
        { weight: 1, arbitrary: headerValue.map((value) => ({ 'x-litellm-api-key': value })) },
      ),
      litellm: fc.dictionary(
        fc.constantFrom(
          'x-litellm-num-retries',
          'x-litellm-timeout',
          'x-litellm-tags',
          'x-litellm-stream-timeout',
          'x-litellm-disable-fallbacks',
          'x-litellm-enable-message-redaction',
          'anthropic-version',
          'anthropic-beta',
          'x-litellm-call-id',
        ),
        headerValue,
        { maxKeys: 3 },
      ),
    })
    .map(({ contentType, auth, litellm }) => ({
      ...(contentType ? { 'content-type': contentType } : {}),
      ...auth,
      ...litellm,
    }));

/** Requests to throw at a proxy whose master key is `masterKey` (used by most cases, so they get past auth). */
export function fuzzCases(masterKey: string): fc.Arbitrary<FuzzCase> {
  const headers = headersWith(masterKey);
  return target.chain(({ method, path, kind }) =>
    fc.record({ method: fc.constant(method), path: fc.constant(path), headers, body: bodyFor(kind) }),
  );
}
