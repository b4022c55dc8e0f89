import { fetchTransport } from '../src/http/fetch-transport.js';
import type { CallContext } from '../src/spec/provider.js';

/** A call context for driving a provider directly in tests, pointed at a mock upstream. */
export function testCallContext(overrides: Partial<CallContext> & { apiBase: string; modelId: string }): CallContext {
  return {
    apiKey: 'test-key',
    apiVersion: undefined,
    headers: {},
    params: {},
    transport: fetchTransport,
    cancel: undefined,
    warnings: [],
    ...overrides,
  };
}
