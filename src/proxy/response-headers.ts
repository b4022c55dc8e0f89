import type { HiddenParams } from '../sdk/hidden-params.js';
import type { DeploymentChoice } from './model-groups.js';

/** LiteLLM's response headers, plus the upstream's rate-limit headers passed on. */
export function litellmHeaders(options: {
  requestId: string;
  version: string;
  choice?: DeploymentChoice | undefined;
  hidden?: HiddenParams | undefined;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'x-litellm-call-id': options.requestId,
    'x-litellm-version': options.version,
  };
  if (options.choice) {
    headers['x-litellm-model-id'] = options.choice.deployment.id;
    headers['x-litellm-model-group'] = options.choice.modelGroup;
  }
  const hidden = options.hidden;
  if (hidden) {
    if (hidden.api_base) headers['x-litellm-model-api-base'] = hidden.api_base;
    if (hidden.response_cost !== undefined) headers['x-litellm-response-cost'] = String(hidden.response_cost);
    for (const [name, value] of Object.entries(hidden.additional_headers)) {
      if (name.startsWith('x-ratelimit-')) headers[name] = value;
    }
  }
  return headers;
}
