import { BadRequestError, toOpenAIError } from '../../errors/index.js';
import type { Router, RouterCompletionParams, RouterModelResponse } from '../../router/index.js';
import type { RequestOptions } from '../../sdk/resolve-call.js';
import { jsonResponse, type RouteContext } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import { redactSecrets } from '../redact.js';

/** At most this many models in one batch request: each is an upstream call the client asked for. */
export const MAX_BATCH_MODELS = 10;

/**
 * The models of a LiteLLM batch request (`"model": "gpt-4o,claude-sonnet"`), or undefined for an
 * ordinary one. A model group whose own name has a comma is an ordinary request.
 * @example batchModels(router, 'gpt-4o, claude-sonnet') // ['gpt-4o', 'claude-sonnet']
 */
export function batchModels(router: Router, model: unknown): string[] | undefined {
  if (typeof model !== 'string' || !model.includes(',') || router.hasModel(model)) return undefined;
  return [...new Set(model.split(',').map((name) => name.trim()))].filter((name) => name !== '');
}

/** Builds one model's router call, as the single-model path does (validation, model group, credentials). */
export type PrepareCall = (
  body: Record<string, unknown>,
) => Promise<{ params: Record<string, unknown>; options: RequestOptions }>;

/**
 * LiteLLM's batch completions (`router.abatch_completion`): the same request to every listed model
 * group at once, answered with a JSON array of chat completions in the order asked; a model that
 * failed has OpenAI's error object in its place. With `fastest_response: true`, the first answer
 * wins (LiteLLM's `abatch_completion_fastest_response`). Streaming is refused: LiteLLM cannot
 * serialise a list of streams either.
 */
export async function batchCompletionsHandler(options: {
  route: RouteContext;
  body: Record<string, unknown>;
  models: string[];
  prepare: PrepareCall;
}): Promise<GatewayResponse> {
  const { route, body, models, prepare } = options;
  if (models.length < 2 || models.length > MAX_BATCH_MODELS) {
    throw new BadRequestError({
      message: `a batch request names between 2 and ${MAX_BATCH_MODELS} different models, got ${models.length}`,
      param: 'model',
    });
  }
  if (body.stream === true) {
    throw new BadRequestError({ message: 'stream is not supported with several models', param: 'stream' });
  }
  const { fastest_response: fastest, ...request } = body;
  // Every model is checked (and its call built) before any upstream call is made.
  const calls = [];
  for (const model of models) calls.push(await prepare({ ...request, model, stream: false }));
  Object.assign(route.logEntry, { model: body.model, model_group: models.join(','), stream: false });
  const router = route.state.router;
  const answers = calls.map(({ params, options }) =>
    router.completion(params as RouterCompletionParams & { stream: false }, options),
  );
  const headers = { 'x-litellm-call-id': route.request.requestId, 'x-litellm-version': route.state.version };
  if (fastest === true) {
    // The others still finish (their accounting too); only the first success is answered.
    for (const answer of answers) answer.catch(() => undefined);
    const first = await Promise.any(answers).catch((error: AggregateError) => {
      throw error.errors[0];
    });
    logUsage(route, [first]);
    return jsonResponse(200, first, { ...headers, 'x-litellm-fastest_response_batch_completion': 'true' });
  }
  const settled = await Promise.allSettled(answers);
  const succeeded = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  // All failed: the first failure is the answer, with its own status.
  if (succeeded.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  logUsage(route, succeeded);
  const list = settled.map((result) => (result.status === 'fulfilled' ? result.value : errorItem(result.reason)));
  return jsonResponse(200, list, headers);
}

function errorItem(error: unknown): unknown {
  const { body } = toOpenAIError(error);
  body.error.message = redactSecrets(body.error.message);
  return body;
}

function logUsage(route: RouteContext, responses: RouterModelResponse[]): void {
  let prompt = 0;
  let completion = 0;
  for (const response of responses) {
    prompt += response.usage?.prompt_tokens ?? 0;
    completion += response.usage?.completion_tokens ?? 0;
  }
  Object.assign(route.logEntry, {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  });
}
