import { type CallTarget, resolveTarget } from '../sdk/call-target.js';
import { isMockCall } from '../sdk/mock-response.js';
import type { RequestOptions, TargetCall } from '../sdk/resolve-call.js';
import { splitParams } from '../sdk/split-params.js';
import { CREDENTIAL_PARAMS, type LiteLLMParams } from '../spec/litellm-params.js';
import { callTimeouts } from './call-timeout.js';
import { type Deployment, deploymentCallParams } from './deployment.js';
import type { RouterSettings } from './router-settings.js';

/** A deployment made ready once: its `litellm_params` split into body fields and LiteLLM's, its target resolved. */
interface PreparedDeployment {
  /** OpenAI body fields a deployment may set (`temperature`, `max_tokens` …). */
  request: Record<string, unknown>;
  hasRequestFields: boolean;
  litellm: LiteLLMParams;
  /** `undefined` for a mock deployment, or one whose credentials are missing (the call raises the error). */
  target: CallTarget | undefined;
}

/** One attempt's call on a deployment: what `generateChat`, `streamChat` and friends take. */
export type DeploymentCall<Request> = TargetCall<Request>;

/**
 * The router's deployments, each resolved once when the router is built: provider, credentials,
 * base URL and fixed call fields. An attempt lays the request's fields over them; only a request
 * that brings its own credentials (a gateway's client, where allowed) resolves a target of its own.
 */
export class DeploymentCalls {
  private readonly prepared = new Map<string, PreparedDeployment>();

  constructor(
    deployments: readonly Deployment[],
    private readonly settings: RouterSettings,
  ) {
    for (const deployment of deployments) this.prepared.set(deployment.id, prepare(deployment));
  }

  /**
   * The call of one attempt: the deployment's fields, then the request's, with the timeouts the
   * router allows. Copied key by key (no spreads: this runs on every attempt). The body keeps the
   * request's `model`: the call functions set the provider's model id in their own copy.
   */
  callFor<Request extends object>(
    deployment: Deployment,
    /** The deployment's model (a wildcard filled in from the request). */
    model: string,
    request: Request,
    litellm: LiteLLMParams,
    stream: boolean,
    requestOptions: RequestOptions,
  ): DeploymentCall<Request> {
    const prepared = this.prepared.get(deployment.id) ?? prepare(deployment);
    let body = request;
    if (prepared.hasRequestFields) {
      const merged: Record<string, unknown> = {};
      for (const name in prepared.request) merged[name] = prepared.request[name];
      for (const name in request) merged[name] = (request as Record<string, unknown>)[name];
      body = merged as Request;
    }
    const callLitellm: LiteLLMParams = {};
    for (const name in prepared.litellm) callLitellm[name] = prepared.litellm[name];
    let ownTarget = false;
    for (const name in litellm) {
      const value = litellm[name];
      callLitellm[name] = value;
      if (CREDENTIAL_NAMES.has(name) && value !== undefined) ownTarget = true;
      // A request's `undefined` field blanks the deployment's, in the body as in LiteLLM's fields.
      if (value === undefined && prepared.hasRequestFields && name in prepared.request) {
        (body as Record<string, unknown>)[name] = undefined;
      }
    }
    // The request's own timeouts count only below the configured ones (a caller cannot hold a slot longer).
    const timeouts = callTimeouts({
      requested: litellm,
      deployment: deployment.params,
      settings: this.settings,
      stream,
    });
    callLitellm.timeout = timeouts.timeout;
    callLitellm.request_timeout = undefined;
    callLitellm.stream_timeout = timeouts.stream_timeout;
    const fixed = model === deployment.params.model && !ownTarget ? prepared.target : undefined;
    return {
      model,
      request: body,
      litellm: callLitellm,
      target: fixed ? () => fixed : () => resolveTarget(model, callLitellm),
      options: requestOptions,
    };
  }
}

/** Fields that change where a call goes or how it is signed. */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(CREDENTIAL_PARAMS);

function prepare(deployment: Deployment): PreparedDeployment {
  const { request, litellm } = splitParams(deploymentCallParams(deployment, deployment.params.model));
  const { model: _model, ...fields } = request;
  let target: CallTarget | undefined;
  if (!isMockCall(litellm)) {
    try {
      target = resolveTarget(deployment.params.model, litellm);
    } catch {
      // Missing credentials are the call's error, raised when the deployment is tried.
    }
  }
  return { request: fields, hasRequestFields: Object.keys(fields).length > 0, litellm, target };
}
