import type { Capabilities, ModelMode } from './catalog-entry.js';
import type { PriceTable } from './price-table.js';
import type { TokenlensModel } from './tokenlens-catalog.js';

// Providers whose APIs take OpenAI's `response_format: json_schema` (natively, or as LiteLLM emulates it).
const RESPONSE_SCHEMA_PROVIDERS = new Set([
  'openai',
  'azure',
  'azure_ai',
  'anthropic',
  'gemini',
  'vertex_ai',
  'bedrock',
  'xai',
  'groq',
  'fireworks_ai',
  'together_ai',
  'cerebras',
  'mistral',
  'deepinfra',
  'openrouter',
  'ollama',
]);

// OpenAI models from before Structured Outputs.
const NO_RESPONSE_SCHEMA = /^(gpt-3\.5|gpt-35|gpt-4-|gpt-4$|gpt-4o-2024-05-13|o1-mini|o1-preview)/;
// Early reasoning models reject the system role.
const NO_SYSTEM_MESSAGES = /^(o1-mini|o1-preview)/;

const MULTIMODAL_TOOLS: Capabilities = {
  supports_function_calling: true,
  supports_vision: true,
  supports_pdf_input: true,
};

/**
 * Vendor families newer than the models.dev snapshot, from the vendors' model pages; used only when
 * models.dev lists neither the model nor a relative of it.
 */
const FAMILY_DEFAULTS: readonly [RegExp, Capabilities][] = [
  [/^claude-(3-7|(sonnet|opus|haiku)-[4-9])/, { ...MULTIMODAL_TOOLS, supports_reasoning: true }],
  [/^claude-3/, { ...MULTIMODAL_TOOLS, supports_reasoning: false }],
  [/^gemini-(2\.5|[3-9])/, { ...MULTIMODAL_TOOLS, supports_audio_input: true, supports_reasoning: true }],
  [/^gemini-2\.0/, { ...MULTIMODAL_TOOLS, supports_audio_input: true, supports_reasoning: false }],
  [/^gpt-5(\.\d+)?-chat/, { supports_function_calling: false, supports_vision: true, supports_reasoning: false }],
  [/^gpt-5/, { supports_function_calling: true, supports_vision: true, supports_reasoning: true }],
  [/^grok-4/, { supports_function_calling: true, supports_vision: true, supports_reasoning: true }],
];

interface CapabilityInputs {
  provider: string;
  modelId: string;
  mode: ModelMode;
  /** The models.dev entry (own, or a stand-in) whose flags we read. */
  listed: TokenlensModel | undefined;
  prices: PriceTable;
}

function fromModelsDev(listed: TokenlensModel): Capabilities {
  const input = listed.modalities?.input ?? [];
  const output = listed.modalities?.output ?? [];
  const capabilities: Capabilities = {};
  if (listed.tool_call !== undefined) capabilities.supports_function_calling = listed.tool_call;
  if (listed.reasoning !== undefined) capabilities.supports_reasoning = listed.reasoning;
  if (listed.modalities) {
    capabilities.supports_vision = input.includes('image');
    capabilities.supports_pdf_input = input.includes('pdf');
    capabilities.supports_audio_input = input.includes('audio');
    capabilities.supports_audio_output = output.includes('audio');
  }
  return capabilities;
}

/**
 * LiteLLM's `supports_*` flags: read from models.dev where it lists the model, and derived where
 * it cannot say (prompt caching from a cache price; JSON schema from the provider; parallel tool
 * calls from tool calls), else from a few vendor family defaults.
 */
export function inferCapabilities(inputs: CapabilityInputs): Capabilities {
  const { provider, mode, prices } = inputs;
  const modelId = inputs.modelId.toLowerCase().slice(inputs.modelId.lastIndexOf('/') + 1);
  // Bedrock ids carry region and vendor prefixes: `us.anthropic.claude-haiku-4-5-…`.
  const familyId = modelId.replace(/^.*\.(?=(claude|gemini|gpt|grok)-)/, '');
  const family = FAMILY_DEFAULTS.find(([pattern]) => pattern.test(familyId))?.[1];
  const capabilities: Capabilities = inputs.listed ? fromModelsDev(inputs.listed) : { ...family };
  capabilities.supports_prompt_caching = Boolean(prices.cacheRead || prices.cacheWrite);
  if (prices.outputReasoning) capabilities.supports_reasoning = true;
  if (mode !== 'chat' && mode !== 'responses') return capabilities;
  capabilities.supports_system_messages = !NO_SYSTEM_MESSAGES.test(modelId);
  const tools = capabilities.supports_function_calling;
  if (tools !== undefined) {
    capabilities.supports_parallel_function_calling = tools && !NO_SYSTEM_MESSAGES.test(modelId);
    capabilities.supports_response_schema =
      tools && RESPONSE_SCHEMA_PROVIDERS.has(provider) && !NO_RESPONSE_SCHEMA.test(modelId);
  }
  return capabilities;
}
