#!/usr/bin/env node
// Holds the layering of docs/architecture.md: the portable core imports no Node built-ins, and
// imports only point down the layers (providers never import the router, the proxy or the store).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const CORE = ['spec', 'errors', 'http', 'providers', 'models', 'router', 'sdk', 'adapters'];
const ALLOWED = {
  spec: ['spec'],
  errors: ['spec', 'errors'],
  http: ['spec', 'errors', 'http'],
  providers: ['spec', 'errors', 'http', 'providers'],
  models: ['spec', 'errors', 'http', 'models'],
  router: ['spec', 'errors', 'http', 'providers', 'models', 'router', 'sdk'],
  sdk: ['spec', 'errors', 'http', 'providers', 'models', 'sdk'],
  adapters: ['spec', 'errors', 'providers', 'adapters'],
  store: ['spec', 'errors', 'store'],
};
// One file may read local files on runtimes that have them, through a guarded dynamic import.
const NODE_IMPORT_EXEMPT = new Set(['src/models/read-local-file.ts']);

const NODE_BUILT_INS =
  /^(node:)?(fs|path|http|https|net|os|child_process|crypto|stream|buffer|zlib|url|util|events|worker_threads|cluster)(\/|$)/;

/**
 * The core's own files import no Node built-in at all. Its tests run on Node's test runner
 * (`node:test`, `node:assert`), but read no files and open no sockets: a test that needs the file
 * system or the network belongs in test/.
 */
function forbiddenInCore(specifier, isTest) {
  return isTest ? NODE_BUILT_INS.test(specifier) : specifier.startsWith('node:') || NODE_BUILT_INS.test(specifier);
}

const problems = [];
function walk(path) {
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (full.endsWith('.ts')) check(full);
  }
}

function check(file) {
  const layer = relative('src', file).split('/')[0];
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
  for (const specifier of imports) {
    if (CORE.includes(layer) && !NODE_IMPORT_EXEMPT.has(file) && forbiddenInCore(specifier, file.endsWith('.test.ts')))
      problems.push(`${file}: the portable core must not import '${specifier}'`);
    // Tests may import from test-support and anything else; only their built-ins are checked.
    if (file.endsWith('.test.ts') || !specifier.startsWith('.') || !ALLOWED[layer]) continue;
    const target = relative('src', resolve(dirname(file), specifier)).split('/')[0];
    if (target.endsWith('.js')) continue; // src/index.ts and friends at the top level
    if (!ALLOWED[layer].includes(target))
      problems.push(`${file}: layer '${layer}' may not import '${target}' (${specifier})`);
  }
}

walk('src');
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('layers ok');
