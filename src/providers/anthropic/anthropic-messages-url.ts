/** The Messages API version llmux speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * The Messages endpoint under an api_base given with or without `/v1` (or as the full endpoint).
 * @example anthropicMessagesUrl('https://api.anthropic.com') // → 'https://api.anthropic.com/v1/messages'
 */
export function anthropicMessagesUrl(apiBase: string): string {
  const base = apiBase.replace(/\/+$/, '');
  if (base.endsWith('/v1/messages')) return base;
  if (base.endsWith('/v1')) return `${base}/messages`;
  return `${base}/v1/messages`;
}
