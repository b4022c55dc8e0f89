// Provider messages sometimes echo part of the key ("Incorrect API key provided: sk-abc***xyz").
const KEY_PATTERNS =
  /\b(sk-[A-Za-z0-9_*.-]{6,}|sk-ant-[A-Za-z0-9_*.-]+|AIza[0-9A-Za-z_-]{20,}|gsk_[A-Za-z0-9]{10,}|xai-[A-Za-z0-9]{10,})/g;

/** Masks anything that looks like a provider key before text leaves the gateway. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERNS, (match) => `${match.slice(0, 3)}***`);
}
