import assert from 'node:assert/strict';

/**
 * Waits until `condition` holds, polling every 25 ms for up to 10 s: for what another process learns
 * a moment later (a mock upstream seeing a dropped connection). A wide bound, never a timing assertion.
 */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400 && !condition(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(condition(), what);
}
