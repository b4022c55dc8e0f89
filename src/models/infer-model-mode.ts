import type { ModelMode } from './catalog-entry.js';

const MODE_RULES: readonly [RegExp, ModelMode][] = [
  [/embed/, 'embedding'],
  [/rerank/, 'rerank'],
  [/moderation|llama-guard|safeguard/, 'moderation'],
  [/whisper|transcribe|parakeet/, 'audio_transcription'],
  [/(^|[-/])tts|speech|voice/, 'audio_speech'],
  [/dall-e|gpt-image|imagen|flux|stable-diffusion|sdxl|(^|[-/])image-\d/, 'image_generation'],
  [/(^|\/)(mistral-)?ocr/, 'ocr'],
  [
    /(^|\/)(text-(davinci|curie|babbage|ada)-\d+|davinci-002|babbage-002|gpt-3\.5-turbo-instruct.*|ada|babbage|curie|davinci)$/,
    'completion',
  ],
  [
    /(^|\/)(o1-pro|o3-pro|o3-deep-research|o4-mini-deep-research|codex-mini|gpt-5(\.\d)?-pro|computer-use)/,
    'responses',
  ],
];

/** LiteLLM's `mode` guessed from the model id, for sources that do not say it. */
export function inferModelMode(modelId: string): ModelMode {
  const id = modelId.toLowerCase();
  for (const [pattern, mode] of MODE_RULES) if (pattern.test(id)) return mode;
  return 'chat';
}
