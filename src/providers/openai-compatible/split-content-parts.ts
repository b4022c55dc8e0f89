/**
 * Mistral's Magistral models answer with `content` as an array of parts, thinking parts holding
 * their own text parts. OpenAI's shape is a string, with reasoning beside it.
 */
export function splitMistralStyleContent(content: unknown): { text: string | null; reasoning: string | undefined } {
  if (typeof content === 'string') return { text: content, reasoning: undefined };
  if (!Array.isArray(content)) return { text: null, reasoning: undefined };
  let text = '';
  let reasoning = '';
  for (const part of content as Record<string, unknown>[]) {
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
    if (part.type === 'thinking') reasoning += textOfParts(part.thinking);
  }
  return { text, reasoning: reasoning || undefined };
}

function textOfParts(parts: unknown): string {
  if (typeof parts === 'string') return parts;
  if (!Array.isArray(parts)) return '';
  return parts.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}
