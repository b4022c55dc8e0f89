import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, isErrorCode } from '../../src/errors/error-codes.js';

const SOURCE_ROOT = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Every `code: '…'` string literal in `src/` that names an error's code. Skipped: comments, zod's own
 * issue codes (`addIssue({ code: 'custom' })`) and type positions (`code: 'too_small' | 'too_big'`).
 */
function codeLiterals(): { code: string; where: string }[] {
  const found: { code: string; where: string }[] = [];
  for (const file of sourceFiles(SOURCE_ROOT)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('*') || trimmed.startsWith('//')) return;
      if (line.includes('addIssue(') || lines[index - 1]?.includes('addIssue(')) return;
      for (const match of line.matchAll(/\bcode: '([^']*)'(\s*\|)?/g)) {
        if (match[2]) continue;
        found.push({ code: match[1] as string, where: `${file.slice(SOURCE_ROOT.length)}:${index + 1}` });
      }
    });
  }
  return found;
}

describe('error codes', () => {
  it('finds the codes raised in src/ (so the check below is not vacuous)', () => {
    const codes = new Set(codeLiterals().map((literal) => literal.code));
    for (const known of ['invalid_json', 'json_too_deep', 'request_too_large', 'unsupported_media_type']) {
      assert.ok(codes.has(known), `${known} not found by the scan`);
    }
  });

  it('lists every code: string literal used in src/ in ERROR_CODES (or is a catalog status)', () => {
    const unlisted = codeLiterals().filter((literal) => !isErrorCode(literal.code));
    assert.deepEqual(unlisted, [], 'add these codes to ERROR_CODES in src/errors/error-codes.ts');
  });

  it('accepts the statuses of the catalog as codes, and nothing ad hoc', () => {
    assert.ok(isErrorCode('401') && isErrorCode('503') && isErrorCode('invalid_model'));
    assert.ok(!isErrorCode('418') && !isErrorCode('some_new_code') && !isErrorCode('toString'));
  });

  it('describes every code', () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      assert.match(code, /^[a-z]+(_[a-z]+)*$/, code);
      assert.ok(description.length > 10, code);
    }
  });
});
