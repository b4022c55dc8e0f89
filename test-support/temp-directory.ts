import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface TempDirectory {
  /** Writes a file and returns its absolute path and `file://` URL. */
  write(name: string, text: string): Promise<{ path: string; url: string }>;
  remove(): Promise<void>;
}

/** A fresh folder under the system temp directory, for tests that need real files. */
export async function createTempDirectory(prefix: string): Promise<TempDirectory> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  return {
    write: async (name, text) => {
      const path = join(directory, name);
      await writeFile(path, text);
      return { path, url: pathToFileURL(path).href };
    },
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
