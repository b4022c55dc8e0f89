import type { Provider } from '../../spec/provider.js';
import type { ProviderId } from '../../spec/provider-ids.js';
import { openaiCompatible } from '../openai-compatible/openai-compatible-provider.js';
import {
  applyOpenAIReasoningRules,
  isOpenAIReasoningModel,
  OPENAI_REASONING_UNSUPPORTED,
} from './openai-reasoning-rules.js';

/** OpenAI itself: chat, embeddings and legacy completions, with the reasoning models' parameter rules. */
export const openaiProvider: Provider = openaiCompatible({
  id: 'openai' satisfies ProviderId,
  defaultApiBase: 'https://api.openai.com/v1',
  apiKeyEnv: ['OPENAI_API_KEY'],
  apiBaseEnv: ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
  unsupportedParams: (modelId) => (isOpenAIReasoningModel(modelId) ? OPENAI_REASONING_UNSUPPORTED : []),
  embeddings: true,
  textCompletions: true,
  verbatimStream: true,
  headers: (context): Record<string, string> => {
    const organization = context.params.organization;
    return typeof organization === 'string' ? { 'openai-organization': organization } : {};
  },
  transformRequest: applyOpenAIReasoningRules,
});
