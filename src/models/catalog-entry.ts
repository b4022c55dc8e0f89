import type { PriceTable, ScheduledPrices } from './price-table.js';

/** LiteLLM's `mode`: which endpoint a model serves (a registered map may name others). */
export type ModelMode =
  | 'chat'
  | 'completion'
  | 'embedding'
  | 'image_generation'
  | 'audio_transcription'
  | 'audio_speech'
  | 'moderation'
  | 'rerank'
  | 'ocr'
  | 'responses'
  | (string & {});

/** LiteLLM's capability flags, by their model-info names. */
export const CAPABILITY_FIELDS = [
  'supports_function_calling',
  'supports_parallel_function_calling',
  'supports_vision',
  'supports_reasoning',
  'supports_response_schema',
  'supports_prompt_caching',
  'supports_system_messages',
  'supports_pdf_input',
  'supports_audio_input',
  'supports_audio_output',
] as const;

export type CapabilityField = (typeof CAPABILITY_FIELDS)[number];

/** Known capabilities; a missing flag means no source says. */
export type Capabilities = Partial<Record<CapabilityField, boolean>>;

/** One model of one provider, as the catalogue resolved it from its sources. */
export interface CatalogEntry {
  /** The model-map key, LiteLLM-style: bare for OpenAI and Anthropic, `provider/model-id` otherwise (or a registered map's own key). */
  key: string;
  /** The llmux (LiteLLM) provider id. */
  provider: string;
  modelId: string;
  mode: ModelMode;
  /** Built-in prices over time; usually one entry. */
  schedule: readonly ScheduledPrices[];
  /** Prices from a registered LiteLLM map; each one wins over the schedule. */
  priceOverlay?: PriceTable;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /** LiteLLM's legacy `max_tokens`, when a registered map sets it. */
  maxTokens?: number;
  capabilities: Capabilities;
  /** Other fields of a registered LiteLLM map entry, passed through to model info. */
  extraFields?: Record<string, unknown>;
}
