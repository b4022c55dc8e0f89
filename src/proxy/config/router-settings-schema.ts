import { z } from 'zod';
import { compileTagRegex, ROUTING_STRATEGIES } from '../../router/index.js';
import { REDIS_SETTING_NAMES } from '../../store/redis-settings.js';
import { LITELLM_ROUTER_SETTINGS } from '../build-router.js';
import { optionalBoolean, optionalNumber, optionalText, optionalTextList } from './config-fields.js';

/** LiteLLM routing strategies llmux does not implement yet: warned about, and routed with `simple-shuffle`. */
export const UNIMPLEMENTED_LITELLM_STRATEGIES: readonly string[] = ['provider-budget-routing'];

function fail(ctx: z.RefinementCtx, expected: string, received: unknown): never {
  ctx.addIssue({ code: 'custom', message: `expected ${expected}`, params: { received } });
  return z.NEVER as never;
}

/** `routing_strategy`: one of the strategies the router implements; a typo is a config error. */
function routingStrategy() {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value === 'string' && (ROUTING_STRATEGIES as readonly string[]).includes(value)) return value;
      // A LiteLLM strategy llmux lacks is not a typo: the config loads (with a warning) on the default strategy.
      if (typeof value === 'string' && UNIMPLEMENTED_LITELLM_STRATEGIES.includes(value)) return undefined;
      return fail(ctx, `one of ${ROUTING_STRATEGIES.join(', ')}`, value);
    })
    .optional();
}

function mappingError() {
  return {
    error: (issue: { code?: string }) =>
      issue.code === 'invalid_type' ? 'expected a mapping (key: value pairs)' : undefined,
  };
}

/** `[{ "gpt-4o": ["claude"] }]`: a list of mappings from a model group to the groups tried after it. */
function fallbackList() {
  return z
    .array(
      z.record(
        z.string(),
        optionalTextList().transform((groups) => groups ?? []),
      ),
      {
        error: (issue) =>
          issue.code === 'invalid_type' ? 'expected a list of mappings (model group: [fallback groups])' : undefined,
      },
    )
    .nullish()
    .transform((value) => value ?? undefined);
}

/** `retry_policy` (`…Retries`) or `allowed_fails_policy` (`…AllowedFails`): whole numbers per error type. */
function errorPolicy(suffix: 'Retries' | 'AllowedFails') {
  const ERROR_KINDS = [
    'BadRequestError',
    'AuthenticationError',
    'TimeoutError',
    'RateLimitError',
    'ContentPolicyViolationError',
    'InternalServerError',
  ];
  const shape = Object.fromEntries(ERROR_KINDS.map((kind) => [`${kind}${suffix}`, optionalNumber('whole')]));
  return z.looseObject(shape, mappingError()).nullish();
}

/** `model_group_alias`: `alias: group` or `alias: { model: group, hidden: true }`. */
function modelGroupAlias() {
  const target = z.union(
    [z.string().min(1), z.looseObject({ model: z.string().min(1), hidden: optionalBoolean() }, mappingError())],
    { error: () => 'expected a model group name, or a mapping with model (and hidden)' },
  );
  return z.record(z.string(), target, mappingError()).nullish();
}

/**
 * `router_settings` as the proxy applies them: every setting the router reads (`ROUTER_SETTING_NAMES`)
 * and the Redis ones the proxy reads. The keys of this shape are the "implemented" list of start-up
 * warnings; the type makes a router setting without a schema a compile error.
 */
export function routerSettingsShape() {
  const redis = Object.fromEntries(REDIS_SETTING_NAMES.map((name) => [name, redisField(name)]));
  return {
    routing_strategy: routingStrategy(),
    routing_strategy_args: z
      .looseObject({ lowest_latency_buffer: optionalNumber(), ttl: optionalNumber('positive') }, mappingError())
      .nullish(),
    num_retries: optionalNumber('whole'),
    retry_after: optionalNumber(),
    retry_policy: errorPolicy('Retries'),
    model_group_retry_policy: z.record(z.string(), errorPolicy('Retries'), mappingError()).nullish(),
    allowed_fails: optionalNumber('whole'),
    allowed_fails_policy: errorPolicy('AllowedFails'),
    cooldown_time: optionalNumber(),
    disable_cooldowns: optionalBoolean(),
    fallbacks: fallbackList(),
    default_fallbacks: optionalTextList(),
    context_window_fallbacks: fallbackList(),
    content_policy_fallbacks: fallbackList(),
    max_fallbacks: optionalNumber('whole'),
    timeout: optionalNumber('positive'),
    stream_timeout: optionalNumber('positive'),
    enable_pre_call_checks: optionalBoolean(),
    enable_tag_filtering: optionalBoolean(),
    model_group_alias: modelGroupAlias(),
    ...(redis as Record<(typeof REDIS_SETTING_NAMES)[number], z.ZodType>),
  } satisfies Record<RouterSettingKey, z.ZodType>;
}

type RouterSettingKey =
  | typeof import('../../router/index.js').ROUTER_SETTING_NAMES[number]
  | (typeof REDIS_SETTING_NAMES)[number];

function redisField(name: (typeof REDIS_SETTING_NAMES)[number]): z.ZodType {
  if (name === 'redis_ssl') return optionalBoolean();
  if (name === 'redis_port' || name === 'redis_db') return numberOrText();
  return optionalText();
}

/** A port or database index: a number as written, or text (an unresolved placeholder stays text). */
function numberOrText() {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      if ((typeof value === 'number' && Number.isInteger(value) && value >= 0) || typeof value === 'string')
        return value;
      return fail(ctx, 'a whole number', value);
    })
    .optional();
}

/**
 * `litellm_settings` as the proxy applies them: the routing keys LiteLLM also accepts there
 * (`LITELLM_ROUTER_SETTINGS`, read by build-router), `request_timeout`, and `drop_params`.
 */
export function litellmSettingsShape() {
  const shape: Record<string, z.ZodType> = routerSettingsShape();
  const routing = Object.fromEntries(LITELLM_ROUTER_SETTINGS.map((name) => [name, shape[name] as z.ZodType]));
  return {
    ...(routing as Record<(typeof LITELLM_ROUTER_SETTINGS)[number], z.ZodType>),
    request_timeout: optionalNumber('positive'),
    drop_params: optionalBoolean(),
  };
}

/** A deployment's `tag_regex`: a list of patterns, each compiled now so a bad one fails the load. */
export function tagRegexList() {
  return optionalTextList().superRefine((patterns, ctx) => {
    for (const [index, pattern] of (patterns ?? []).entries()) {
      try {
        compileTagRegex(pattern);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: [index], message: (error as Error).message });
      }
    }
  });
}
