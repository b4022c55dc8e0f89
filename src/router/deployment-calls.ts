import { type CallTarget, changesTarget, resolveTarget } from '../sdk/call-target.js';
import { isMockCall } from '../sdk/mock-response.js';
import type { RequestOptions } from '../sdk/resolve-call.js';
import { splitParams } from '../sdk/split-params.js';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import { callTimeouts } from './call-timeout.js';
import { type Deployment, deploymentCallParams } from './deployment.js';
import type { RouterSettings } from './router-settings.js';

/** A deployment made ready once: its `litellm_params` split into body fields and LiteLLM's, its target resolved. */
interface PreparedDeployment {
  /** OpenAI body fields a deployment may set (`temperature`, `max_tokens` …). */
  request: Record<string, unknown>;
  litellm: LiteLLMParams;
  /** `undefined` for a mock deployment, or one whose credentials are missing (the call raises the error). */
  target: CallTarget | undefined;
}

/** One attempt's call on a deployment: what `generateChat`, `streamChat` and friends take. */
export interface DeploymentCall<Request> {
  model: string;
  request: Request;
  litellm: LiteLLMParams;
  target: () => CallTarget;
  options: RequestOptions;
}

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

  /** The call of one attempt: the deployment's fields, then the request's, with the timeouts the router allows. */
  callFor<Request extends object>(options: {
    deployment: Deployment;
    /** The deployment's model (a wildcard filled in from the request). */
    model: string;
    request: Request;
    litellm: LiteLLMParams;
    stream: boolean;
    requestOptions: RequestOptions;
  }): DeploymentCall<Request & { model: string }> {
    const { deployment, model, litellm } = options;
    const prepared = this.prepared.get(deployment.id) ?? prepare(deployment);
    const request = { ...prepared.request, ...options.request, model } as Request & { model: string };
    const callLitellm: LiteLLMParams = { ...prepared.litellm, ...litellm };
    // A request's `undefined` fields blank the deployment's, in the body as in LiteLLM's fields.
    for (const name in litellm) {
      if (litellm[name] === undefined && name in prepared.request)
        (request as Record<string, unknown>)[name] = undefined;
    }
    // The request's own timeouts count only below the configured ones (a caller cannot hold a slot longer).
    const timeouts = callTimeouts({
      requested: litellm,
      deployment: deployment.params,
      settings: this.settings,
      stream: options.stream,
    });
    callLitellm.timeout = timeouts.timeout;
    callLitellm.request_timeout = undefined;
    callLitellm.stream_timeout = timeouts.stream_timeout;
    const fixed = model === deployment.params.model && !changesTarget(litellm) ? prepared.target : undefined;
    return {
      model,
      request,
      litellm: callLitellm,
      target: () => fixed ?? resolveTarget(model, callLitellm),
      options: options.requestOptions,
    };
  }
}

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
  return { request: fields, litellm, target };
}
