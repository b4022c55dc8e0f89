import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../src/errors/error-codes.js';
import { ERROR_TABLE, type ErrorTableEntry } from '../../src/errors/error-table.js';

const SDK_DOC = new URL('../../docs/sdk.md', import.meta.url);

/** The rows of the table under `## Errors` in docs/sdk.md, by error name. */
function documentedErrors(): Map<string, { kindOf?: string; status: string; retryable: string; meaning: string }> {
  const text = readFileSync(SDK_DOC, 'utf8');
  const section = text.slice(text.indexOf('\n## Errors\n'));
  const table = section.slice(section.indexOf('| error | status | retryable | meaning |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  const documented = new Map<string, { kindOf?: string; status: string; retryable: string; meaning: string }>();
  for (const row of rows) {
    const [label = '', status = '', retryable = '', meaning = ''] = row
      .split(' | ')
      .map((cell) => cell.replace(/^\| |\s*\|$/g, ''));
    const match = /^`(\w+)`(?: \(a kind of `(\w+)`\))?$/.exec(label);
    assert.ok(match, `unreadable row: ${row}`);
    const name = match[1] as string;
    assert.ok(!documented.has(name), `${name} listed twice`);
    documented.set(name, { ...(match[2] ? { kindOf: match[2] } : {}), status, retryable, meaning });
  }
  return documented;
}

/** The rows of the `| code | meaning |` table under `## Errors` in docs/sdk.md, as `[code, meaning]`. */
function documentedCodes(): [string, string][] {
  const text = readFileSync(SDK_DOC, 'utf8');
  const section = text.slice(text.indexOf('\n## Errors\n'));
  const start = section.indexOf('| code | meaning |');
  assert.ok(start >= 0, 'docs/sdk.md has no | code | meaning | table under ## Errors');
  const table = section.slice(start);
  return table
    .slice(0, table.indexOf('\n\n'))
    .split('\n')
    .slice(2)
    .map((row) => {
      const match = /^\| `(\w+)` \| (.*) \|$/.exec(row);
      assert.ok(match, `unreadable row: ${row}`);
      return [match[1] as string, match[2] as string];
    });
}

function statusCell(entry: ErrorTableEntry): string {
  const also = entry.fromUpstream.filter((status) => status !== entry.status);
  return `${entry.status}${also.length > 0 ? ` (also ${also.join(', ')})` : ''}`;
}

function retryableCell(entry: ErrorTableEntry): string {
  if (entry.retryable === true) return 'yes';
  return entry.retryable === false ? 'no' : entry.retryable;
}

describe("docs/sdk.md's error list", () => {
  it('lists exactly the errors of the catalog', () => {
    assert.deepEqual([...documentedErrors().keys()].sort(), Object.keys(ERROR_TABLE).sort());
  });

  it('gives each error its catalog status, retry rule, kind and meaning', () => {
    const documented = documentedErrors();
    for (const [name, entry] of Object.entries(ERROR_TABLE) as [string, ErrorTableEntry][]) {
      const row = documented.get(name);
      assert.deepEqual(
        row,
        {
          ...(entry.kindOf ? { kindOf: entry.kindOf } : {}),
          status: statusCell(entry),
          retryable: retryableCell(entry),
          meaning: entry.description,
        },
        name,
      );
    }
  });
});

describe("docs/sdk.md's error code list", () => {
  it('lists exactly the codes of ERROR_CODES, in order, with their meaning', () => {
    assert.deepEqual(documentedCodes(), Object.entries(ERROR_CODES));
  });
});
