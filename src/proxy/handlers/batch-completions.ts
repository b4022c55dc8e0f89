import { BadRequestError, toOpenAIError } from '../../errors/index.js';
import { emptyRouteInfo, type Router, type RouterCompletionParams } from '../../router/index.js';
import type { ChatResult } from '../../sdk/call-chat.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { redactSecrets } from '../redact.js';
import { type RouterCall, readRouterCall } from './router-call.js';

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

/** A batch request, read: one router call per model, all checked before any is made. */
export interface BatchCall {
  calls: RouterCall[];
  models: string[];
  fastest: boolean;
}

/**
 * LiteLLM's batch completions (`router.abatch_completion`): the same request to every listed model
 * group at once, answered with a JSON array of chat completions in the order asked; a model that
 * failed has OpenAI's error object in its place. With `fastest_response: true`, the first answer
 * wins (LiteLLM's `abatch_completion_fastest_response`). Streaming is refused: LiteLLM cannot
 * serialise a list of streams either. `undefined` for an ordinary (one-model) request.
 */
export async function readBatch(
  context: RequestContext,
  body: Record<string, unknown>,
): Promise<BatchCall | undefined> {
  const models = batchModels(context.state.router, body.model);
  if (!models) return undefined;
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
  for (const model of models)
    calls.push(await readRouterCall(context, '/chat/completions', { ...request, model, stream: false }));
  context.model = body.model as string;
  context.stream = false;
  context.route = undefined;
  return { calls, models, fastest: fastest === true };
}

/** Calls every model of a batch; the answer is the list (or the fastest one). */
export async function callBatch(context: RequestContext, batch: BatchCall): Promise<GatewayResponse> {
  const router = context.state.router;
  const answers = batch.calls.map(async ({ params, options }) => {
    const { result } = await router.chat(params as RouterCompletionParams & { stream: false }, options);
    return result as ChatResult;
  });
  const headers = { 'x-litellm-call-id': context.request.requestId, 'x-litellm-version': context.state.version };
  if (batch.fastest) {
    // The others still finish (their accounting too); only the first success is answered.
    for (const answer of answers) answer.catch(() => undefined);
    const first = await Promise.any(answers).catch((error: AggregateError) => {
      throw error.errors[0];
    });
    recordUsage(context, [first], batch.models);
    return jsonResponse(200, first.response, { ...headers, 'x-litellm-fastest_response_batch_completion': 'true' });
  }
  const settled = await Promise.allSettled(answers);
  const succeeded = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  // All failed: the first failure is the answer, with its own status.
  if (succeeded.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  recordUsage(context, succeeded, batch.models);
  const list = settled.map((result) =>
    result.status === 'fulfilled' ? result.value.response : errorItem(result.reason),
  );
  return jsonResponse(200, list, headers);
}

function errorItem(error: unknown): unknown {
  const { body } = toOpenAIError(error);
  body.error.message = redactSecrets(body.error.message);
  return body;
}

/** The batch's usage and cost: the sum of the answers. */
function recordUsage(context: RequestContext, answers: ChatResult[], models: string[]): void {
  let prompt = 0;
  let completion = 0;
  let cost: number | undefined;
  for (const { response, facts } of answers) {
    prompt += response.usage?.prompt_tokens ?? 0;
    completion += response.usage?.completion_tokens ?? 0;
    const answerCost = facts.response_cost;
    if (answerCost !== undefined) cost = (cost ?? 0) + answerCost;
  }
  context.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  context.cost = cost;
  context.route = { ...emptyRouteInfo(), model_group: models.join(',') };
}
