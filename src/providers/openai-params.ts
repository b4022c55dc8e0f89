/** Every request field of OpenAI's chat API that llmux understands; anything else is provider-specific and passed through. */
export const OPENAI_CHAT_PARAMS = [
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'n',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'stream_options',
  'user',
  'reasoning_effort',
  'service_tier',
  'modalities',
  'prediction',
  'audio',
  'store',
  'functions',
  'function_call',
  'thinking',
  'web_search_options',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
] as const;

export const OPENAI_CHAT_PARAM_SET: ReadonlySet<string> = new Set(OPENAI_CHAT_PARAMS);

/** The params set minus some. */
export function paramsExcept(excluded: readonly string[]): ReadonlySet<string> {
  const result = new Set<string>(OPENAI_CHAT_PARAMS);
  for (const name of excluded) result.delete(name);
  return result;
}
