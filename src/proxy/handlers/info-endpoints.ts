import type { Deployment } from '../../router/index.js';
import { completion } from '../../sdk/completion.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import { callerMayUse } from '../keys/model-access.js';
import { maskApiBase, maskCredentialFields } from '../mask-secrets.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { redactSecrets } from '../redact.js';
import { modelGroupRows, priceTableInfo } from './model-group-info.js';

const STARTED = Math.floor(Date.now() / 1000);

/** `GET /v1/models`: OpenAI's model list, one entry per `model_name` the caller's key may use. */
export function modelsHandler(route: RequestContext): GatewayResponse {
  const data = route.state.router
    .modelNames()
    .filter((id) => callerMayUse(route.caller, id))
    .map((id) => ({ id, object: 'model', created: STARTED, owned_by: 'openai' }));
  return jsonResponse(200, { object: 'list', data });
}

/**
 * `GET /v1/model/info`: LiteLLM's deployment list with price-table facts, credentials masked
 * (keys, tokens, header values, the api_base's password and query values). `GET /model_group/info`
 * (same route) answers LiteLLM's per-group rows instead, optionally for one `?model_group=`.
 */
export function modelInfoHandler(route: RequestContext): GatewayResponse {
  const { deployments } = route.state.router;
  if (route.request.path.endsWith('/model_group/info') || route.request.path.endsWith('/model_group/info/')) {
    const only = new URLSearchParams(route.request.query).get('model_group') ?? undefined;
    const rows = modelGroupRows(deployments, only).filter((row) => callerMayUse(route.caller, row.model_group));
    return jsonResponse(200, { data: rows });
  }
  const data = deployments
    .filter((deployment) => callerMayUse(route.caller, deployment.modelName))
    .map((deployment) => ({
      model_name: deployment.modelName,
      litellm_params: maskCredentialFields(deployment.params),
      model_info: {
        ...priceTableInfo(deployment),
        ...maskCredentialFields(deployment.modelInfo),
        id: deployment.id,
        db_model: false,
      },
    }));
  return jsonResponse(200, { data });
}

/** `GET /`: what this server is. */
export function rootHandler(route: RequestContext): GatewayResponse {
  return jsonResponse(200, {
    name: 'llmux',
    description: 'OpenAI-compatible gateway over 100+ LLM providers (LiteLLM-compatible)',
    version: route.state.version,
    endpoints: [
      '/v1/chat/completions',
      '/v1/completions',
      '/v1/embeddings',
      '/v1/messages',
      '/v1/models',
      '/v1/model/info',
      '/v1/model_group/info',
      '/health',
    ],
  });
}

/** `GET /health/liveliness`: the process answers. */
export function livelinessHandler(): GatewayResponse {
  return jsonResponse(200, "I'm alive!");
}

/** `GET /health/readiness`: ready to serve; no upstream calls. */
export function readinessHandler(route: RequestContext): GatewayResponse {
  return jsonResponse(200, {
    status: 'healthy',
    db: 'Not connected',
    cache: null,
    litellm_version: route.state.version,
    success_callbacks: [],
  });
}

/** `GET /health`: one tiny call per deployment, in LiteLLM's response shape. */
export async function healthHandler(route: RequestContext): Promise<GatewayResponse> {
  const results = await Promise.all(
    route.state.router.deployments.map((deployment) => checkDeployment(route, deployment)),
  );
  const healthy = results.filter((result) => result.error === undefined).map((result) => result.endpoint);
  const unhealthy = results
    .filter((result) => result.error !== undefined)
    .map((result) => ({ ...result.endpoint, error: result.error }));
  return jsonResponse(200, {
    healthy_endpoints: healthy,
    unhealthy_endpoints: unhealthy,
    healthy_count: healthy.length,
    unhealthy_count: unhealthy.length,
  });
}

async function checkDeployment(route: RequestContext, deployment: Deployment) {
  const endpoint = {
    model: deployment.params.model,
    model_name: deployment.modelName,
    model_id: deployment.id,
    api_base: deployment.params.api_base === undefined ? undefined : maskApiBase(deployment.params.api_base),
  };
  if (deployment.params.model.includes('*')) return { endpoint, error: undefined };
  try {
    const mode = deployment.modelInfo.mode;
    if (mode === 'embedding') return { endpoint, error: undefined };
    await completion(
      {
        ...deployment.params,
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1,
        timeout: 30,
        num_retries: 0,
      },
      { transport: route.state.transport, signal: route.request.signal },
    );
    return { endpoint, error: undefined };
  } catch (error) {
    return { endpoint, error: redactSecrets(error instanceof Error ? error.message : String(error)) };
  }
}
