import { toOpenAIError } from '../../errors/index.js';
import type { ChatCompletionChunk, Usage } from '../../spec/openai-chat.js';
import type { RouteContext } from '../gateway-state.js';
import { redactSecrets } from '../redact.js';

/**
 * OpenAI's SSE framing: `data: {chunk}\n\n` per chunk (strings are events already framed), then
 * `data: [DONE]`. A failure mid-stream ends the stream with an error event (as LiteLLM), never a
 * hang; the log line is written at the end.
 */
export async function* openaiSse(
  chunks: AsyncIterable<ChatCompletionChunk | object | string>,
  route: RouteContext,
  finalUsage: () => { usage: Usage | undefined; cost: number | undefined },
): AsyncGenerator<string> {
  let status = 200;
  let failure: unknown;
  try {
    for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : `data: ${JSON.stringify(chunk)}\n\n`;
    yield 'data: [DONE]\n\n';
  } catch (error) {
    failure = error;
    if (route.request.signal.aborted) {
      status = 499;
      return;
    }
    const { status: errorStatus, body } = toOpenAIError(error);
    status = errorStatus;
    body.error.message = redactSecrets(body.error.message);
    yield `data: ${JSON.stringify(body)}\n\n`;
  } finally {
    if (route.request.signal.aborted && failure === undefined && status === 200) status = 499;
    const { usage, cost } = finalUsage();
    Object.assign(route.logEntry, {
      prompt_tokens: usage?.prompt_tokens,
      completion_tokens: usage?.completion_tokens,
      total_tokens: usage?.total_tokens,
      response_cost: cost,
    });
    route.finishLog(status, failure);
  }
}
