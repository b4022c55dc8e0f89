import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderProvidersDoc } from './providers-doc.js';

test('docs/providers.md matches the registry (regenerate: npx tsx scripts/gen-providers-doc.ts)', () => {
  const onDisk = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8');
  assert.equal(onDisk, renderProvidersDoc());
});
