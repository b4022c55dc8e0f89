export { anthropicErrorType, toAnthropicErrorBody } from './anthropic-error-body.js';
export { fromAnthropicRequest } from './from-anthropic-request.js';
export { parseArguments, toAnthropicMessage, toAnthropicStopReason, toAnthropicUsage } from './to-anthropic-message.js';
export {
  type AnthropicStreamState,
  chunkToAnthropicEvents,
  createAnthropicStreamState,
  finishAnthropicStream,
  formatAnthropicEvent,
} from './to-anthropic-stream.js';
