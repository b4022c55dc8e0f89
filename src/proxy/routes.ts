import { BadRequestError } from '../errors/index.js';
import type { RouteHandler } from './gateway-state.js';
import { countTokensHandler, messagesHandler } from './handlers/anthropic-messages.js';
import {
  healthHandler,
  livelinessHandler,
  modelInfoHandler,
  modelsHandler,
  readinessHandler,
  rootHandler,
} from './handlers/info-endpoints.js';
import { chatCompletionsHandler, completionsHandler, embeddingsHandler } from './handlers/openai-endpoints.js';

export interface Route {
  handler: RouteHandler;
  /** Health probes and `/` answer without a key, as LiteLLM's do. */
  public?: boolean;
  /** Errors in Anthropic's envelope for Anthropic-format endpoints. */
  errorFormat?: 'openai' | 'anthropic';
}

const exactRoutes = new Map<string, Route>();

function add(method: string, paths: string[], route: Route): void {
  for (const path of paths) {
    exactRoutes.set(`${method} ${path}`, route);
    if (path !== '/' && !path.startsWith('/health')) exactRoutes.set(`${method} /v1${path}`, route);
  }
}

add('POST', ['/chat/completions'], { handler: chatCompletionsHandler });
add('POST', ['/completions'], { handler: completionsHandler });
add('POST', ['/embeddings'], { handler: embeddingsHandler });
add('GET', ['/models'], { handler: modelsHandler });
add('GET', ['/model/info', '/model_group/info'], { handler: modelInfoHandler });
add('GET', ['/'], { handler: rootHandler, public: true });
add('GET', ['/health/liveliness', '/health/liveness'], { handler: livelinessHandler, public: true });
add('GET', ['/health/readiness'], { handler: readinessHandler, public: true });
add('GET', ['/health'], { handler: healthHandler });
add('POST', ['/messages'], { handler: messagesHandler, errorFormat: 'anthropic' });
add('POST', ['/messages/count_tokens'], { handler: countTokensHandler, errorFormat: 'anthropic' });

// Azure-style paths name the deployment in the URL: /openai/deployments/{model}/chat/completions
const DEPLOYMENT_PATH =
  /^(?:\/v1)?\/(?:openai\/deployments|engines)\/([^/]+)\/(chat\/completions|completions|embeddings)$/;
const deploymentHandlers: Record<string, RouteHandler> = {
  'chat/completions': chatCompletionsHandler,
  completions: completionsHandler,
  embeddings: embeddingsHandler,
};

/** A route and its path parameters. */
export interface MatchedRoute {
  route: Route;
  params: Record<string, string>;
}

/** The route for a method and path, with its path parameters; `undefined` for 404; `null` for 405. */
export function matchRoute(method: string, path: string): MatchedRoute | undefined | null {
  const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const exact = exactRoutes.get(`${method} ${normalized}`);
  if (exact) return { route: exact, params: {} };
  const deployment = DEPLOYMENT_PATH.exec(normalized);
  if (deployment && method === 'POST') {
    const handler = deploymentHandlers[deployment[2] as string] as RouteHandler;
    return { route: { handler }, params: { model: decodePathSegment(deployment[1] as string) } };
  }
  for (const other of ['GET', 'POST']) {
    if (other !== method && exactRoutes.has(`${other} ${normalized}`)) return null;
  }
  return undefined;
}

/** A percent-decoded path segment; a malformed escape (`%E0%A4%A`, `%zz`) is the client's error, not ours. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError({
      message: `Malformed percent-encoding in the path segment '${segment.slice(0, 100)}'`,
      code: 'invalid_path',
    });
  }
}
