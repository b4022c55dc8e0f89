interface FileSystemPromises {
  readFile(path: string | URL, encoding: 'utf8'): Promise<string>;
}

/**
 * Reads a local file as UTF-8 on runtimes with a file system (Node, Bun, Deno). The module name is
 * held in a variable so bundlers for edge runtimes, which have no files, do not try to resolve it.
 */
export async function readLocalFile(pathOrFileUrl: string): Promise<string> {
  const specifier = 'node:fs/promises';
  let fileSystem: FileSystemPromises;
  try {
    fileSystem = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as FileSystemPromises;
  } catch (error) {
    throw new Error(
      `Reading ${pathOrFileUrl} needs a runtime with a file system (Node, Bun or Deno); use an http(s) URL instead.`,
      {
        cause: error,
      },
    );
  }
  const target = pathOrFileUrl.startsWith('file:') ? new URL(pathOrFileUrl) : pathOrFileUrl;
  return fileSystem.readFile(target, 'utf8');
}
