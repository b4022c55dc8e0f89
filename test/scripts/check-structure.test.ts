// scripts/check-structure.mjs (run by `npm run lint`) against small trees built for each rule,
// and against this repository, which must pass it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';

const SCRIPT = join(import.meta.dirname, '../../scripts/check-structure.mjs');
const roots: string[] = [];
after(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

/** A folder holding `files` (path → text), optionally a git checkout with `tracked` added to its index. */
async function tree(files: Record<string, string>, tracked: string[] = []): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'llmux-structure-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), text);
  }
  if (tracked.length > 0) {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '--', ...tracked], { cwd: root });
  }
  return root;
}

function check(root: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const lines = (count: number) =>
  Array.from({ length: count }, (_, index) => `export const v${index} = ${index};`).join('\n');

describe('check-structure', () => {
  it('passes a tree whose imports point one way', async () => {
    const root = await tree({
      'src/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'src/b.ts': "import type { C } from './lib/c.js';\nexport const b: C = 1;\n",
      'src/lib/c.ts': 'export type C = number;\n',
    });
    const result = check(root);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /structure ok \(3 files/);
  });

  it('fails on a cycle made only of type imports, naming its files', async () => {
    const root = await tree({
      'src/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'src/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    });
    const result = check(root);
    assert.equal(result.status, 1);
    assert.match(result.output, /import cycle among 2 files \(src\/a\.ts, src\/b\.ts\)/);
  });

  it('follows re-exports, dynamic imports and folder indexes around a longer cycle', async () => {
    const root = await tree({
      'src/a.ts': "export * from './b.js';\n",
      'src/b.ts': "export async function load() {\n  return import('./lib/index.js');\n}\n",
      'src/lib/index.ts': "export { x } from './x.js';\n",
      'src/lib/x.ts': "import type { load } from '../a.js';\nexport const x: typeof load | undefined = undefined;\n",
    });
    const result = check(root);
    assert.equal(result.status, 1);
    assert.match(result.output, /import cycle among 4 files/);
    assert.match(result.output, /src\/a\.ts → src\/b\.ts → src\/lib\/index\.ts → src\/lib\/x\.ts → src\/a\.ts/);
  });

  it('does not take an import written in a comment for an edge', async () => {
    const root = await tree({
      'src/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'src/b.ts':
        "// once imported from './a.js', which made a cycle\n/* import { a } from './a.js' */\nexport const b = 1;\n",
    });
    assert.equal(check(root).status, 0);
  });

  it('fails on a source file over 400 lines, but not on one of 400 or on a test file', async () => {
    const ok = await tree({ 'src/fits.ts': `${lines(400)}\n`, 'src/long.test.ts': lines(900) });
    assert.equal(check(ok).status, 0, check(ok).output);
    const long = await tree({ 'src/sub/long.ts': lines(401) });
    const result = check(long);
    assert.equal(result.status, 1);
    assert.match(result.output, /src\/sub\/long\.ts: 401 lines/);
  });

  it('fails on a tracked scratch file, not on an untracked one', async () => {
    const files = { 'src/a.ts': 'export const a = 1;\n', 'micro.tmp.mjs': '', 'notes.bak': '', 'README.md': '' };
    const untracked = await tree(files, ['src/a.ts', 'README.md']);
    assert.equal(check(untracked).status, 0, check(untracked).output);
    const trackedScratch = await tree(files, ['src/a.ts', 'README.md', 'micro.tmp.mjs', 'notes.bak']);
    const result = check(trackedScratch);
    assert.equal(result.status, 1);
    assert.match(result.output, /micro\.tmp\.mjs: a scratch file is tracked/);
    assert.match(result.output, /notes\.bak: a scratch file is tracked/);
    assert.doesNotMatch(result.output, /README/);
  });

  it('passes this repository', () => {
    const result = check(join(import.meta.dirname, '../..'));
    assert.equal(result.status, 0, result.output);
  });
});
