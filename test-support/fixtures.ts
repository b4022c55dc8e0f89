import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Recorded provider traffic copied into the repository (`test/fixtures/README.md` names each file's source). */
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures');
/** Trimmed API specs copied into the repository (`test/specs/README.md`). */
export const SPECS_DIR = join(ROOT, 'test', 'specs');

/** Reads a file under `test/fixtures`, failing with a clear message when it is absent. */
export function readFixture(relativePath: string): string {
  const path = join(FIXTURES_DIR, relativePath);
  if (!existsSync(path)) {
    throw new Error(`Fixture ${path} is missing: copy it into test/fixtures/ and note its source in the README there.`);
  }
  return readFileSync(path, 'utf8');
}

/** A fixture's JSON body. */
export function readJsonFixture<T = Record<string, unknown>>(relativePath: string): T {
  return JSON.parse(readFixture(relativePath)) as T;
}

/** The lines of a `*.chunks.txt` fixture: one JSON payload per line. */
export function readChunkLines(relativePath: string): string[] {
  return readFixture(relativePath)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** SSE framing for a recorded stream, as each provider sends it (see test/fixtures/README.md). */
export function toSseFrames(lines: string[], style: 'openai' | 'anthropic' | 'gemini'): string[] {
  switch (style) {
    case 'openai':
      return [...lines.map((line) => `data: ${line}\n\n`), 'data: [DONE]\n\n'];
    case 'anthropic':
      return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`);
    case 'gemini':
      return lines.map((line) => `data: ${line}\r\n\r\n`);
  }
}

/** A spec file under `test/specs`, parsed as JSON. */
export function readSpec<T = Record<string, unknown>>(name: string): T {
  const path = join(SPECS_DIR, name);
  if (!existsSync(path)) throw new Error(`Spec ${path} is missing: see test/specs/README.md for how to add one.`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A text file next to a test (`new URL('./__fixtures__/x.json', import.meta.url)`) or anywhere in the repository. */
export function readTextFile(url: URL): string {
  return readFileSync(url, 'utf8');
}

/** The file names in a folder of `test/fixtures`, sorted. */
export function listFixtures(folder: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder)).sort();
}
