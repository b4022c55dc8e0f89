import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTextFile } from '../../test-support/fixtures.js';
import { renderProvidersDoc } from './providers-doc.js';

test('docs/providers.md matches the registry (regenerate: npx tsx scripts/gen-providers-doc.ts)', () => {
  const onDisk = readTextFile(new URL('../../docs/providers.md', import.meta.url));
  assert.equal(onDisk, renderProvidersDoc());
});
