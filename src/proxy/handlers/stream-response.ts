import type { RouterCompletionStream } from '../../router/index.js';
import type { RouteContext } from '../gateway-state.js';
import type { GatewayResponse } from '../gateway-types.js';
import { litellmHeaders } from '../response-headers.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/**
 * A streamed answer for a routed chat stream: SSE headers with LiteLLM's, the log line deferred
 * until the stream ends, and `events` (the stream in the endpoint's framing) as the body.
 */
export function streamResponse(
  route: RouteContext,
  stream: RouterCompletionStream,
  events: AsyncIterable<string | Uint8Array>,
): GatewayResponse {
  const hidden = stream._hidden_params;
  Object.assign(route.logEntry, { provider: hidden.custom_llm_provider, deployment_id: hidden.model_id });
  route.deferLog = true;
  return {
    status: 200,
    headers: {
      ...SSE_HEADERS,
      ...litellmHeaders({ requestId: route.request.requestId, version: route.state.version, hidden }),
    },
    stream: events,
  };
}
