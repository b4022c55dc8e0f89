import { UnsupportedParamsError } from '../../errors/index.js';
import type { CallContext } from '../../spec/provider.js';

/** o-series and gpt-5 reasoning models: OpenAI rejects `max_tokens` and non-default sampling. */
export function isOpenAIReasoningModel(modelId: string): boolean {
  return /^(o\d|gpt-5(?!-chat))/.test(modelId.replace(/^.*\//, ''));
}

/** Params reasoning models reject outright, as LiteLLM lists them. */
export const OPENAI_REASONING_UNSUPPORTED = [
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'top_logprobs',
  'logprobs',
] as const;

/**
 * Applies OpenAI's reasoning-model rules: `max_tokens` becomes `max_completion_tokens`, and
 * `temperature`/`top_p` other than 1 are unsupported (dropped with `drop_params`, else an error).
 */
export function applyOpenAIReasoningRules(body: Record<string, unknown>, context: CallContext): void {
  if (!isOpenAIReasoningModel(context.modelId)) return;
  if (body.max_tokens !== undefined && body.max_tokens !== null) {
    body.max_completion_tokens ??= body.max_tokens;
    delete body.max_tokens;
    context.warnings.push({
      type: 'renamed-param',
      param: 'max_tokens',
      message: `${context.modelId} takes 'max_completion_tokens' instead of 'max_tokens'`,
    });
  }
  for (const param of ['temperature', 'top_p'] as const) {
    const value = body[param];
    if (value === undefined || value === null || value === 1) continue;
    if (!context.params.drop_params) {
      throw new UnsupportedParamsError({
        message: `openai does not support parameters: ['${param}'], for model=${context.modelId}. Only ${param}=1 is supported. To drop unsupported params set 'drop_params: true'.`,
        provider: 'openai',
        model: context.modelId,
        param,
        code: 'unsupported_parameter',
      });
    }
    delete body[param];
    context.warnings.push({ type: 'dropped-param', param, message: `${context.modelId} only supports ${param}=1` });
  }
}
