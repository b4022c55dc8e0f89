#!/usr/bin/env node
// Holds the structure rules of issue 9, run by `npm run lint`:
// 1. no import cycle among src/**/*.ts (type-only imports count: they tie the files' designs together
//    even when the emitted JavaScript drops them);
// 2. no source file in src/ over MAX_LINES lines, except the data tables listed below;
// 3. no scratch file tracked by git (`micro.tmp.mjs`, `notes.bak`, editor swap files…).
// Usage: node scripts/check-structure.mjs [root]   (root defaults to the working directory)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const MAX_LINES = 400;
// Data, not logic: long because the world is long. Paths relative to the root.
const DATA_TABLES = new Set([
  // The table of OpenAI-compatible vendors: one entry per provider.
  'src/providers/openai-compatible/compatible-table.ts',
]);
// Logic files allowed over the limit until they are split; a warning says when an entry is no longer needed.
// Files over the limit waiting to be split (none today): listed here with the issue that splits them.
const TO_SPLIT = new Set([]);
// Scratch names: `x.tmp.mjs`, `x.tmp`, backups, merge leftovers, editor swap files.
const SCRATCH_NAME = /\.tmp(\.|$)|\.(bak|orig|rej|swp|swo)$|~$|^scratch[.-]/i;

const root = resolve(process.argv[2] ?? '.');
const problems = [];

function listSources(path) {
  const files = [];
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules' && name !== '__fixtures__') files.push(...listSources(full));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

// Relative specifiers of every import, export-from and dynamic import, type-only ones included.
// Comment lines are skipped so a sentence such as "imported from './x.js'" is not an edge.
function relativeImports(text) {
  const code = text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
    .join('\n');
  const specifiers = [];
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.[^'"]*)['"]/g)) specifiers.push(match[1]);
  return specifiers;
}

// `./x.js` is written for `./x.ts` under NodeNext; a folder import means its index.ts.
function resolveSource(fromFile, specifier) {
  const target = resolve(dirname(fromFile), specifier);
  const candidates = [target.replace(/\.(m?js)$/, (ext) => (ext === '.mjs' ? '.mts' : '.ts')), target, `${target}.ts`];
  candidates.push(join(target, 'index.ts'));
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
function findCycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  function visit(node) {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? new Set()).has(node)) components.push(component.sort());
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

// One concrete loop through a component, for a message a reader can follow.
function loopThrough(component, graph) {
  const members = new Set(component);
  const start = component[0];
  const path = [start];
  const seen = new Set([start]);
  let node = start;
  for (;;) {
    const nexts = [...(graph.get(node) ?? [])].filter((next) => members.has(next));
    const next = nexts.includes(start) ? start : (nexts.find((candidate) => !seen.has(candidate)) ?? start);
    path.push(next);
    if (next === start) return path;
    seen.add(next);
    node = next;
  }
}

const sourceRoot = join(root, 'src');
const sources = existsSync(sourceRoot) ? listSources(sourceRoot) : [];
const graph = new Map();
for (const file of sources) {
  const name = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const edges = new Set();
  for (const specifier of relativeImports(text)) {
    const target = resolveSource(file, specifier);
    if (target) edges.add(relative(root, target));
  }
  graph.set(name, edges);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (name.endsWith('.test.ts') || DATA_TABLES.has(name)) continue;
  if (TO_SPLIT.has(name)) {
    if (lines <= MAX_LINES) console.warn(`check-structure: ${name} is ${lines} lines now; take it off TO_SPLIT`);
  } else if (lines > MAX_LINES)
    problems.push(`${name}: ${lines} lines (at most ${MAX_LINES}; split it by responsibility)`);
}
for (const component of findCycles(graph))
  problems.push(
    `import cycle among ${component.length} files (${component.join(', ')}), e.g. ${loopThrough(component, graph).join(' → ')}`,
  );

let tracked = [];
try {
  tracked = execFileSync('git', ['ls-files', '-z'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\0')
    .filter(Boolean);
} catch {
  console.warn('check-structure: not a git checkout, the scratch-file check is skipped');
}
for (const file of tracked) {
  if (SCRATCH_NAME.test(file.split('/').pop())) problems.push(`${file}: a scratch file is tracked (git rm it)`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`structure ok (${sources.length} files, no import cycles)`);
