import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared` beside the project's root, where recorded provider traffic and specs live. */
export const SHARED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');

/** Reads a file under `../shared/fixtures`, failing with a clear message when the folder is absent. */
export function readFixture(relativePath: string): string {
  const path = join(SHARED_DIR, 'fixtures', relativePath);
  if (!existsSync(path)) {
    throw new Error(`Fixture ${path} is missing: tests need the shared/ folder beside the project's root (../shared).`);
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

/** SSE framing for a recorded stream, as each provider sends it (see shared/fixtures/README.md). */
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

/** A spec file under `../shared/specs`, parsed as JSON. */
export function readSharedSpec<T = Record<string, unknown>>(name: string): T {
  const path = join(SHARED_DIR, 'specs', name);
  if (!existsSync(path))
    throw new Error(`Spec ${path} is missing: tests need the shared/ folder beside the project's root.`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A text file next to a test (`new URL('./__fixtures__/x.json', import.meta.url)`) or anywhere in the repository. */
export function readTextFile(url: URL): string {
  return readFileSync(url, 'utf8');
}

/** The file names in a folder of `../shared/fixtures`, sorted. */
export function listFixtures(folder: string): string[] {
  return readdirSync(join(SHARED_DIR, 'fixtures', folder)).sort();
}
