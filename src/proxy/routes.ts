import { BadRequestError } from '../errors/index.js';
import type { RouteHandler } from './gateway-state.js';
import { countTokensEndpoint, messagesEndpoint } from './handlers/anthropic-messages.js';
import {
  healthHandler,
  livelinessHandler,
  modelInfoHandler,
  modelsHandler,
  readinessHandler,
  rootHandler,
} from './handlers/info-endpoints.js';
import { chatCompletionsEndpoint, completionsEndpoint, embeddingsEndpoint } from './handlers/openai-endpoints.js';
import {
  blockKeyHandler,
  deleteKeyHandler,
  generateKeyHandler,
  keyHealthHandler,
  keyInfoHandler,
  listKeysHandler,
  regenerateKeyHandler,
  updateKeyHandler,
} from './keys/key-routes.js';
import { spendLogsHandler } from './keys/spend-routes.js';
import { ORGANIZATION_CUSTOMER_BUDGET_ROUTES } from './management/organization-customer-budget-routes.js';
import { USER_TEAM_ROUTES } from './management/user-team-routes.js';
import type { Endpoint } from './pipeline/endpoint.js';

export interface Route {
  /** A model-calling endpoint: the pipeline's stages run between its steps. */
  endpoint?: Endpoint<never, never>;
  /** An endpoint that calls no model (info, health). */
  handler?: RouteHandler;
  /** Health probes and `/` answer without a key, as LiteLLM's do. */
  public?: boolean;
  /** Errors in Anthropic's envelope for Anthropic-format endpoints. */
  errorFormat?: 'openai' | 'anthropic';
  /** LiteLLM's management API: served at its own path only (no `/v1` twin). */
  management?: boolean;
}

const exactRoutes = new Map<string, Route>();

function add(method: string, paths: string[], route: Route): void {
  for (const path of paths) {
    exactRoutes.set(`${method} ${path}`, route);
    if (path !== '/' && !path.startsWith('/health') && !route.management)
      exactRoutes.set(`${method} /v1${path}`, route);
  }
}

add('POST', ['/chat/completions'], { endpoint: chatCompletionsEndpoint as Endpoint<never, never> });
add('POST', ['/completions'], { endpoint: completionsEndpoint as Endpoint<never, never> });
add('POST', ['/embeddings'], { endpoint: embeddingsEndpoint as Endpoint<never, never> });
add('GET', ['/models'], { handler: modelsHandler });
add('GET', ['/model/info', '/model_group/info'], { handler: modelInfoHandler });
add('GET', ['/'], { handler: rootHandler, public: true });
add('GET', ['/health/liveliness', '/health/liveness'], { handler: livelinessHandler, public: true });
add('GET', ['/health/readiness'], { handler: readinessHandler, public: true });
add('GET', ['/health'], { handler: healthHandler });
add('POST', ['/messages'], { endpoint: messagesEndpoint as Endpoint<never, never>, errorFormat: 'anthropic' });
add('POST', ['/messages/count_tokens'], {
  endpoint: countTokensEndpoint as Endpoint<never, never>,
  errorFormat: 'anthropic',
});

add('POST', ['/key/generate'], { handler: generateKeyHandler, management: true });
add('POST', ['/key/update'], { handler: updateKeyHandler, management: true });
add('POST', ['/key/delete'], { handler: deleteKeyHandler, management: true });
add('GET', ['/key/info'], { handler: keyInfoHandler, management: true });
add('GET', ['/key/list'], { handler: listKeysHandler, management: true });
add('POST', ['/key/regenerate'], { handler: regenerateKeyHandler, management: true });
add('POST', ['/key/block'], { handler: blockKeyHandler(true), management: true });
add('POST', ['/key/unblock'], { handler: blockKeyHandler(false), management: true });
add('POST', ['/key/health'], { handler: keyHealthHandler, management: true });
add('GET', ['/spend/logs'], { handler: spendLogsHandler, management: true });
for (const { method, path, handler } of [...USER_TEAM_ROUTES, ...ORGANIZATION_CUSTOMER_BUDGET_ROUTES]) {
  add(method, [path], { handler, management: true });
}

// Azure-style paths name the deployment in the URL: /openai/deployments/{model}/chat/completions
const DEPLOYMENT_PATH =
  /^(?:\/v1)?\/(?:openai\/deployments|engines)\/([^/]+)\/(chat\/completions|completions|embeddings)$/;
const deploymentEndpoints: Record<string, Endpoint<never, never>> = {
  'chat/completions': chatCompletionsEndpoint as Endpoint<never, never>,
  completions: completionsEndpoint as Endpoint<never, never>,
  embeddings: embeddingsEndpoint as Endpoint<never, never>,
};

// LiteLLM's `/key/{key}/regenerate`.
const REGENERATE_PATH = /^\/key\/([^/]+)\/regenerate$/;

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
  const regenerate = REGENERATE_PATH.exec(normalized);
  if (regenerate && method === 'POST') {
    return {
      route: { handler: regenerateKeyHandler, management: true },
      params: { key: decodePathSegment(regenerate[1] as string) },
    };
  }
  const deployment = DEPLOYMENT_PATH.exec(normalized);
  if (deployment && method === 'POST') {
    const endpoint = deploymentEndpoints[deployment[2] as string] as Endpoint<never, never>;
    return { route: { endpoint }, params: { model: decodePathSegment(deployment[1] as string) } };
  }
  for (const other of ['GET', 'POST', 'PATCH', 'DELETE']) {
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
