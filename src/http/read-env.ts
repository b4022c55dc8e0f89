interface RuntimeGlobals {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
}

/** Reads an environment variable on Node, Bun and Deno; on edge runtimes there is none. */
export function readEnv(name: string): string | undefined {
  const runtime = globalThis as RuntimeGlobals;
  const fromProcess = runtime.process?.env?.[name];
  if (fromProcess !== undefined && fromProcess !== '') return fromProcess;
  try {
    const fromDeno = runtime.Deno?.env?.get(name);
    return fromDeno === '' ? undefined : fromDeno;
  } catch {
    // Deno without --allow-env throws; treat as unset.
    return undefined;
  }
}

/** The first of these variables that is set. */
export function readFirstEnv(names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = readEnv(name);
    if (value !== undefined) return value;
  }
  return undefined;
}
