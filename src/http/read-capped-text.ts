/**
 * A body read as text up to `limit` bytes. Past the limit reading stops, which releases the
 * stream and so ends the upstream call: a hostile or broken upstream cannot make us buffer
 * without bound.
 *
 * @example const { text, truncated } = await readCappedText(response.body, 1024 * 1024);
 */
export async function readCappedText(
  body: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const bytes of body) {
    if (size + bytes.length > limit) {
      text += decoder.decode(bytes.subarray(0, limit - size));
      return { text, truncated: true };
    }
    size += bytes.length;
    text += decoder.decode(bytes, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}
