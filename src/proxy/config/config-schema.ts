import { z } from 'zod';
import { apiBaseAllowlistSchema, clientsideAuthParamsSchema } from './client-credential-schema.js';
import { optionalBoolean, optionalNumber, optionalText, optionalTextList, requiredText } from './config-fields.js';
import { credentialListSchema } from './credential-list.js';
import { litellmSettingsShape, routerSettingsShape, tagRegexList } from './router-settings-schema.js';

export {
  optionalBoolean,
  optionalNumber,
  optionalText,
  optionalTextList,
  requiredText,
  toBoolean,
  toNumber,
} from './config-fields.js';

const mapping = <Shape extends z.core.$ZodShape>(shape: Shape) =>
  z.looseObject(shape, {
    error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping (key: value pairs)' : undefined),
  });

/** An optional mapping whose values are not checked (`metadata`, `extra_headers`). */
const optionalMapping = () => mapping({}).nullish();

/** `litellm_params`: the fields llmux reads are checked; provider-specific keys pass through. */
export const litellmParamsSchema = mapping({
  model: requiredText(),
  api_key: optionalText(),
  api_base: optionalText(),
  base_url: optionalText(),
  api_version: optionalText(),
  azure_ad_token: optionalText(),
  region_name: optionalText(),
  custom_llm_provider: optionalText(),
  rpm: optionalNumber(),
  tpm: optionalNumber(),
  weight: optionalNumber(),
  order: optionalNumber('whole'),
  timeout: optionalNumber(),
  stream_timeout: optionalNumber(),
  max_retries: optionalNumber('whole'),
  num_retries: optionalNumber('whole'),
  input_cost_per_token: optionalNumber(),
  output_cost_per_token: optionalNumber(),
  cache_read_input_token_cost: optionalNumber(),
  cache_creation_input_token_cost: optionalNumber(),
  input_cost_per_second: optionalNumber(),
  output_cost_per_second: optionalNumber(),
  drop_params: optionalBoolean(),
  additional_drop_params: optionalTextList(),
  metadata: optionalMapping(),
  extra_headers: optionalMapping(),
  headers: optionalMapping(),
  configurable_clientside_auth_params: clientsideAuthParamsSchema(),
  tag_regex: tagRegexList(),
  litellm_credential_name: optionalText({ numbers: false }),
});

const requiredLitellmParams = () =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) {
        ctx.addIssue({ code: 'custom', message: 'Required' });
        return z.NEVER;
      }
      return value;
    })
    .pipe(litellmParamsSchema);

export const deploymentSchema = mapping({
  model_name: requiredText(),
  litellm_params: requiredLitellmParams(),
  model_info: mapping({ id: optionalText() })
    .nullish()
    .transform((value) => value ?? {}),
});

const section = <Shape extends z.core.$ZodShape>(shape: Shape) =>
  mapping(shape)
    .nullish()
    .transform((value) => value ?? {});

/** The sections llmux validates, after `os.environ/` references are resolved. */
export const configSchema = mapping({
  model_list: z
    .array(deploymentSchema, {
      error: (issue) => (issue.code === 'invalid_type' ? 'expected a list of deployments' : undefined),
    })
    .nullish()
    .transform((value) => value ?? []),
  litellm_settings: section(litellmSettingsShape()),
  router_settings: section(routerSettingsShape()),
  credential_list: credentialListSchema(litellmParamsSchema.omit({ model: true })),
  general_settings: section({
    master_key: optionalText({ numbers: false }),
    database_url: optionalText({ numbers: false }),
    allow_client_side_credentials: optionalBoolean(),
    max_request_size_mb: optionalNumber('positive'),
    // llmux additions: abuse limits of the HTTP server (see docs/configuration.md)
    max_request_json_depth: optionalNumber('positive'),
    client_headers_timeout_seconds: optionalNumber('positive'),
    client_request_timeout_seconds: optionalNumber('positive'),
    keepalive_timeout: optionalNumber('positive'),
    max_connections: optionalNumber('positive'),
    client_api_base_allowlist: apiBaseAllowlistSchema(),
  }),
});
