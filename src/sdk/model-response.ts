// The shapes `completion()` takes and returns, in a file of their own so that the call, its stream
// and the mock responses can all name them without importing each other (no import cycle).
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { ChatCompletion, ChatCompletionRequest } from '../spec/openai-chat.js';
import type { HiddenParams } from './hidden-params.js';

/** An OpenAI chat request plus LiteLLM's per-call fields (`api_base`, `num_retries`, `mock_response` …). */
export type CompletionParams = ChatCompletionRequest & LiteLLMParams;

/** A `chat.completion` with LiteLLM's non-enumerable `_hidden_params` (cost, provider, upstream headers). */
export type ModelResponse = ChatCompletion & { _hidden_params: HiddenParams };

/** A finished call: OpenAI's body, and the facts about it LiteLLM keeps in `_hidden_params`. */
export interface ChatResult {
  response: ChatCompletion;
  facts: HiddenParams;
}
