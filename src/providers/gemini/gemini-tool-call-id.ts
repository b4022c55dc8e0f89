// LiteLLM's separator: OpenAI clients drop unknown fields but echo tool-call ids, so Gemini 3's
// thought signature rides in the id and comes back with the next request.
const THOUGHT_SIGNATURE_SEPARATOR = '__thought__';

/** base64("skip_thought_signature_validator"): Google's documented stand-in for a missing signature. */
export const GEMINI_DUMMY_THOUGHT_SIGNATURE = 'c2tpcF90aG91Z2h0X3NpZ25hdHVyZV92YWxpZGF0b3I=';

/**
 * A new OpenAI tool-call id, `call_<28 hex>`, with the part's thought signature appended if it has one.
 * @example newGeminiToolCallId('CiMB…') // 'call_3f…__thought__CiMB…'
 */
export function newGeminiToolCallId(thoughtSignature?: string): string {
  const id = `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 28)}`;
  return thoughtSignature ? `${id}${THOUGHT_SIGNATURE_SEPARATOR}${thoughtSignature}` : id;
}

/** The thought signature carried in a tool-call id, if any. */
export function thoughtSignatureFromToolCallId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const at = id.indexOf(THOUGHT_SIGNATURE_SEPARATOR);
  if (at === -1) return undefined;
  return id.slice(at + THOUGHT_SIGNATURE_SEPARATOR.length) || undefined;
}
