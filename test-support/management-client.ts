// LiteLLM's management API as a key-management script calls it: fetch with a bearer key, JSON in and out.

/** A management answer: its status and its JSON, read field by field by each test. */
// biome-ignore lint/suspicious/noExplicitAny: management answers are read field by field in each test
export type ManagementAnswer = { status: number; json: any };

/** Calls `path` on the proxy: POST with a body, GET without (or `method`). */
export async function callManagement(
  baseUrl: string,
  path: string,
  options: { body?: object | undefined; key: string; method?: string | undefined },
): Promise<ManagementAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
  });
  return { status: response.status, json: await response.json() };
}

/** The proxy's general settings for a key database placement (PostgreSQL: `database_url`). */
export function keyDatabaseSettings(placement: { databaseUrl?: string }, masterKey: string) {
  return { master_key: masterKey, ...(placement.databaseUrl ? { database_url: placement.databaseUrl } : {}) };
}
