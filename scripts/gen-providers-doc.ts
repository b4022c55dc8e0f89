// Writes docs/providers.md from the provider registry (run: npx tsx scripts/gen-providers-doc.ts).
// A test checks the file is current, so the table never drifts from the code.
import { writeFileSync } from 'node:fs';
import { renderProvidersDoc } from '../src/providers/providers-doc.js';

writeFileSync(new URL('../docs/providers.md', import.meta.url), renderProvidersDoc());
console.log('docs/providers.md written');
