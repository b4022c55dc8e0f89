import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { RouterSettings } from './router-settings.js';

/** The SDK's timeout when neither the deployment nor the router sets one (as `resolve-call.ts`). */
const SDK_DEFAULT_TIMEOUT_SECONDS = 600;

/** A timeout a request may carry: a positive number of seconds, or its string form (`"30"`). */
function seconds(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/**
 * The `timeout` and `stream_timeout` (seconds) of one call on a deployment. The configured values
 * come from the deployment, else the router (`stream_timeout` falls back to `timeout`); a request's
 * own values are honoured only below the configured ones (the SDK's 600 s when none is set), so a
 * caller can shorten a call but never hold an upstream slot longer than the operator allows.
 * @example callTimeouts({ requested: { timeout: 900 }, deployment: { timeout: 30 }, settings, stream: false }) // { timeout: 30, stream_timeout: undefined }
 */
export function callTimeouts(options: {
  requested: { timeout?: unknown; request_timeout?: unknown; stream_timeout?: unknown };
  deployment: LiteLLMParams & { request_timeout?: unknown };
  settings: Pick<RouterSettings, 'timeout' | 'streamTimeout'>;
  stream: boolean;
}): { timeout: number | undefined; stream_timeout: number | undefined } {
  const { requested, deployment, settings, stream } = options;
  // LiteLLM reads a deployment's `request_timeout` as its `timeout`.
  const deploymentTimeout = seconds(deployment.timeout ?? deployment.request_timeout);
  const configuredTimeout = deploymentTimeout ?? settings.timeout;
  const configuredStream = deployment.stream_timeout ?? settings.streamTimeout;
  // Without a deployment timeout, a stream's gap timeout doubles as the call's.
  let timeout = stream ? (deploymentTimeout ?? configuredStream ?? settings.timeout) : configuredTimeout;
  let streamTimeout = stream ? configuredStream : deployment.stream_timeout;
  const askedTimeout = seconds(requested.timeout ?? requested.request_timeout);
  if (askedTimeout !== undefined) {
    timeout = Math.min(askedTimeout, configuredTimeout ?? SDK_DEFAULT_TIMEOUT_SECONDS);
  }
  const askedStream = stream ? seconds(requested.stream_timeout) : undefined;
  if (askedStream !== undefined) {
    streamTimeout = Math.min(askedStream, configuredStream ?? configuredTimeout ?? SDK_DEFAULT_TIMEOUT_SECONDS);
  }
  return { timeout, stream_timeout: streamTimeout };
}

/** The timeout a call ran with, in seconds: its own, else the SDK's default. */
export function effectiveTimeout(timeouts: { timeout: number | undefined }): number {
  return timeouts.timeout ?? SDK_DEFAULT_TIMEOUT_SECONDS;
}
