import assert from 'node:assert/strict';
import { ConfigError } from '../config-error.js';

/** The ConfigError `run` throws; fails the test when it throws nothing or something else. */
export function expectConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}
