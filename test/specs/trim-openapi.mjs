#!/usr/bin/env node
// Trims an OpenAPI file to the component schemas the tests validate against, plus everything they
// reference, so the repository carries hundreds of KB instead of MB. The rest (paths, other
// components) is dropped; kept schemas are byte-for-byte what the source says.
// Usage: node test/specs/trim-openapi.mjs <source.json> <out.json> <SchemaName>...
import { readFileSync, writeFileSync } from 'node:fs';

const [source, out, ...roots] = process.argv.slice(2);
if (!source || !out || roots.length === 0) {
  console.error('usage: trim-openapi.mjs <source.json> <out.json> <SchemaName>...');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(source, 'utf8'));
const kept = new Map(); // "schemas/Name" → node
const pending = roots.map((name) => `schemas/${name}`);

function collectRefs(node) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        pending.push(value.slice('#/components/'.length));
      } else collectRefs(value);
    }
  }
}

while (pending.length > 0) {
  const pointer = pending.pop();
  if (kept.has(pointer)) continue;
  const [kind, name, ...rest] = pointer.split('/');
  if (rest.length > 0) throw new Error(`deep $ref not supported: ${pointer}`);
  const node = spec.components?.[kind]?.[name];
  if (node === undefined) throw new Error(`${pointer} is not in ${source}`);
  kept.set(pointer, node);
  collectRefs(node);
}

const components = {};
for (const [pointer, node] of [...kept].sort(([a], [b]) => a.localeCompare(b))) {
  const [kind, name] = pointer.split('/');
  components[kind] ??= {};
  components[kind][name] = node;
}
const trimmed = {
  openapi: spec.openapi,
  info: { ...spec.info, 'x-trimmed': `components reachable from ${roots.join(', ')}; paths dropped` },
  paths: {},
  components,
};
writeFileSync(out, `${JSON.stringify(trimmed)}\n`);
console.log(
  `${out}: ${kept.size} components kept of ${Object.values(spec.components ?? {}).reduce((n, group) => n + Object.keys(group).length, 0)}`,
);
