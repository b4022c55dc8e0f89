import type { GatewayResponse } from '../gateway-types.js';
import type { RequestContext } from './request-context.js';

/**
 * A model-calling endpoint, split where the pipeline's stages slot in between its steps:
 * `read` (body, validation, model group) → stages' `beforeCall` → `call` (through the router)
 * → stages' `afterCall` → `respond`. A streamed response's writer finishes the context when the
 * stream ends; every other exit is finished by the gateway.
 */
export interface Endpoint<Call = unknown, Result = unknown> {
  /** Reads and validates the request and builds its call; sets the context's `model` and `stream`. */
  read(context: RequestContext): Call | Promise<Call>;
  /** Makes the call (the router chooses the deployment); sets `route`, `provider`, `usage`, `cost` as it learns them. */
  call(context: RequestContext, call: Call): Promise<Result>;
  /** The response to send. */
  respond(context: RequestContext, result: Result): GatewayResponse;
  /** Releases a result that will not be sent (a stream refused by an `afterCall` stage). */
  discard?(result: Result): void;
}

/** Runs an endpoint with the pipeline's stages between its steps. */
export async function runEndpoint<Call, Result>(
  endpoint: Endpoint<Call, Result>,
  context: RequestContext,
): Promise<GatewayResponse> {
  const call = await endpoint.read(context);
  const pipeline = context.state.pipeline;
  // A hook list with nothing asynchronous returns nothing: no await, no extra turn of the event loop.
  const before = pipeline.beforeCall(context);
  if (before) await before;
  const result = await endpoint.call(context, call);
  try {
    const after = pipeline.afterCall(context);
    if (after) await after;
  } catch (error) {
    endpoint.discard?.(result);
    throw error;
  }
  return endpoint.respond(context, result);
}
