/**
 * Waits for the next minute when fewer than `marginMs` remain in this one: rpm/tpm counters are
 * fixed one-minute windows (as in LiteLLM), and a test that counts across a window's turn on a real
 * clock sees its counts start over. The margin is wide because a loaded machine stretches tests.
 */
export async function awayFromMinuteEnd(marginMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise<void>((resolve) => setTimeout(resolve, left + 50));
}
