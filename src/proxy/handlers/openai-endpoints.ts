import type { OpenAIErrorBody } from '../../errors/index.js';
import type { RouterCompletionParams } from '../../router/index.js';
import type { ChatResult } from '../../sdk/call-chat.js';
import { CompletionStream } from '../../sdk/completion-stream.js';
import type { EmbeddingParams } from '../../sdk/embedding.js';
import type { HiddenParams } from '../../sdk/hidden-params.js';
import { sseFrame } from '../../sdk/sse-relay.js';
import type { TextCallResult, TextCompletionParams } from '../../sdk/text-completion.js';
import type { Usage } from '../../spec/openai-chat.js';
import type { EmbeddingResponse } from '../../spec/openai-embeddings.js';
import { jsonResponse } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import type { Endpoint } from '../pipeline/endpoint.js';
import { readJsonBody } from '../read-json-body.js';
import { litellmHeaders } from '../response-headers.js';
import { type BatchCall, callBatch, readBatch } from './batch-completions.js';
import { answerHeaders, type RouterCall, readRouterCall, recordCall } from './router-call.js';
import { streamResponse } from './stream-response.js';

type ChatCall = { batch: BatchCall; single?: undefined } | { single: RouterCall; batch?: undefined };
type ChatAnswer =
  | { batch: GatewayResponse; result?: undefined; params?: undefined }
  | { result: ChatResult | CompletionStream; params: Record<string, unknown>; batch?: undefined };

/** `POST /v1/chat/completions` (and the Azure-style deployment path). */
export const chatCompletionsEndpoint: Endpoint<ChatCall, ChatAnswer> = {
  async read(context) {
    const body = readJsonBody(context.request);
    // `"model": "gpt-4o,claude-sonnet"`: LiteLLM's batch completions, one answer per model.
    const batch = context.params.model === undefined ? await readBatch(context, body) : undefined;
    if (batch) return { batch };
    return { single: await readRouterCall(context, '/chat/completions', body) };
  },
  async call(context, call) {
    if (call.batch) return { batch: await callBatch(context, call.batch) };
    const { params, options } = call.single;
    const stream = params.stream === true;
    // params is this request's own copy: set in place rather than copied again.
    params.stream = stream;
    // Read with sse(): OpenAI upstreams are relayed verbatim (no per-chunk parse and re-serialise).
    options.verbatimSse = stream;
    const { result } = await context.state.router.chat(params as RouterCompletionParams, options, context.route);
    if (!(result instanceof CompletionStream)) recordCall(context, result.facts, result.response.usage);
    else context.provider = result._hidden_params.custom_llm_provider;
    return { result, params };
  },
  respond(context, answer) {
    if (answer.batch) return answer.batch;
    const { result, params } = answer;
    if (!(result instanceof CompletionStream)) {
      return jsonResponse(200, result.response, answerHeaders(context, result.facts, params));
    }
    return streamResponse(context, answerHeaders(context, result._hidden_params, params), {
      events: result.sse(),
      closing: 'data: [DONE]\n\n',
      errorEvent: openaiErrorEvent,
      settle: () => recordCall(context, result._hidden_params, result.usage),
      abort: () => result.abort(),
    });
  },
  discard(answer) {
    if (answer.result instanceof CompletionStream) void answer.result.abort();
  },
};

/** OpenAI's stream ends a failure with an error object as its last event, as LiteLLM's does. */
export function openaiErrorEvent(_status: number, body: OpenAIErrorBody): string {
  return sseFrame(body);
}

/** `POST /v1/embeddings` */
export const embeddingsEndpoint: Endpoint<RouterCall, { response: EmbeddingResponse; facts: HiddenParams }> = {
  read: (context) => readRouterCall(context, '/embeddings'),
  async call(context, { params, options }) {
    // The body passed the embeddings schema at the edge.
    const embeddingParams = params as unknown as EmbeddingParams;
    const { result } = await context.state.router.embed(embeddingParams, options, context.route);
    recordCall(context, result.facts, result.response.usage);
    return result;
  },
  respond: (context, result) => jsonResponse(200, result.response, answerHeaders(context, result.facts)),
};

/** `POST /v1/completions` (legacy text completions) */
export const completionsEndpoint: Endpoint<RouterCall, { answer: TextCallResult; params: Record<string, unknown> }> = {
  read: (context) => readRouterCall(context, '/completions'),
  async call(context, { params, options }) {
    // The body passed the completions schema at the edge.
    const textParams = params as unknown as TextCompletionParams;
    const { result } = await context.state.router.completeText(textParams, options, context.route);
    if (!(Symbol.asyncIterator in result)) recordCall(context, result.facts, result.response.usage ?? undefined);
    return { answer: result, params };
  },
  respond(context, { answer, params }) {
    if (!(Symbol.asyncIterator in answer)) {
      return jsonResponse(200, answer.response, answerHeaders(context, answer.facts, params));
    }
    let usage: Usage | undefined;
    const events = (async function* frame() {
      for await (const chunk of answer) {
        if (chunk.usage) usage = chunk.usage;
        yield sseFrame(chunk);
      }
    })();
    const headers = litellmHeaders({ requestId: context.request.requestId, version: context.state.version });
    return streamResponse(context, headers, {
      events,
      closing: 'data: [DONE]\n\n',
      errorEvent: openaiErrorEvent,
      settle: () => {
        context.usage = usage;
      },
      abort: async () => {
        await events.return(undefined);
      },
    });
  },
};
