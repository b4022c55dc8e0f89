import { callTimeouts, effectiveTimeout } from '../../router/call-timeout.js';
import type { Deployment, Router } from '../../router/index.js';

/**
 * LiteLLM's `x-litellm-timeout` response header: the timeout (seconds) the answering deployment's
 * call ran with — the request's own (body `timeout` or the `x-litellm-timeout` header) when below the
 * configured one, else the configured one. Written as Python writes a float (`30.0`), as LiteLLM's is.
 */
export function timeoutHeader(options: {
  router: Router;
  params: Record<string, unknown>;
  modelId: string | undefined;
  stream: boolean;
}): string | undefined {
  const { router, modelId } = options;
  if (modelId === undefined) return undefined;
  const deployment = deploymentsById(router).get(modelId);
  if (!deployment) return undefined;
  const seconds = effectiveTimeout(
    callTimeouts({
      requested: options.params,
      deployment: deployment.params,
      settings: router.settings,
      stream: options.stream,
    }),
  );
  return Number.isInteger(seconds) ? `${seconds}.0` : String(seconds);
}

const byRouter = new WeakMap<Router, Map<string, Deployment>>();

/** The router's deployments by id, built once per router: a lookup per request, not a scan. */
function deploymentsById(router: Router): Map<string, Deployment> {
  let map = byRouter.get(router);
  if (!map) {
    map = new Map(router.deployments.map((deployment) => [deployment.id, deployment]));
    byRouter.set(router, map);
  }
  return map;
}
