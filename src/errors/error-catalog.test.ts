import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as catalog from './catalog.js';
import { errorForStatus } from './error-from-response.js';
import { ERROR_TABLE, type ErrorName } from './error-table.js';
import { LLMuxError } from './llmux-error.js';
import { asLLMuxError, toOpenAIError } from './to-openai-error.js';

type AnyErrorClass = new (...args: never[]) => LLMuxError;
const classes = catalog as unknown as Record<string, AnyErrorClass>;
const names = Object.keys(ERROR_TABLE) as ErrorName[];

function instanceOf(name: string, status = 418): LLMuxError {
  if (name === 'APIError') return new catalog.APIError(status, { message: 'x' });
  const ErrorClass = classes[name] as unknown as new (options: { message: string }) => LLMuxError;
  return new ErrorClass({ message: 'x' });
}

describe('the error catalog', () => {
  it('has exactly one exported class per table row, and nothing else', () => {
    assert.deepEqual(Object.keys(catalog).sort(), [...names].sort());
  });

  it("builds every class's status, type and retry rule from its row", () => {
    for (const name of names) {
      const entry = ERROR_TABLE[name];
      const error = instanceOf(name);
      assert.ok(error instanceof LLMuxError, name);
      assert.equal(error.name, name);
      assert.equal(error.type, entry.type, name);
      if (typeof entry.status === 'number') assert.equal(error.status, entry.status, name);
      if (typeof entry.retryable === 'boolean') assert.equal(error.isRetryable, entry.retryable, name);
    }
  });

  it('makes each kind a subclass of the error it is a kind of', () => {
    for (const name of names) {
      const kindOf = (ERROR_TABLE[name] as { kindOf?: string }).kindOf;
      if (!kindOf) continue;
      assert.ok(kindOf in ERROR_TABLE, `${name}: unknown kindOf ${kindOf}`);
      assert.ok(instanceOf(name) instanceof (classes[kindOf] as AnyErrorClass), `${name} is a ${kindOf}`);
    }
  });

  it("keeps an APIError's own status, retryable when 5xx or 409", () => {
    assert.deepEqual(
      [409, 418, 500, 599].map((status) => [
        instanceOf('APIError', status).status,
        instanceOf('APIError', status).isRetryable,
      ]),
      [
        [409, true],
        [418, false],
        [500, true],
        [599, true],
      ],
    );
  });
});

describe('errorForStatus', () => {
  it("maps every upstream status in the table's fromUpstream column to that class", () => {
    let mapped = 0;
    for (const name of names) {
      for (const status of ERROR_TABLE[name].fromUpstream) {
        const error = errorForStatus(status, { message: 'upstream' });
        assert.equal(error.constructor, classes[name], `${status} → ${name}`);
        mapped += 1;
      }
    }
    assert.ok(mapped >= 10);
  });

  it('never labels an upstream answer with an error only the gateway raises (405, 413, 415)', () => {
    for (const status of [405, 413, 415, 418]) {
      const error = errorForStatus(status, { message: 'upstream' });
      assert.ok(error instanceof catalog.APIError, String(status));
      assert.equal(error.status, status);
    }
  });
});

describe('an internal failure', () => {
  for (const thrown of [
    new Error('secret path /etc/llmux/config.yaml'),
    new TypeError("Cannot read properties of undefined (reading 'sk-live-123')"),
    'a thrown string',
    undefined,
  ]) {
    it(`becomes a generic 500 internal_server_error (${String(thrown).slice(0, 30)})`, () => {
      const { status, body } = toOpenAIError(thrown);
      assert.equal(status, 500);
      assert.deepEqual(body, {
        error: { message: 'Internal error', type: 'internal_server_error', param: null, code: '500' },
      });
      const typed = asLLMuxError(thrown);
      assert.ok(!(typed instanceof catalog.APIConnectionError), 'never an upstream connection failure');
      assert.equal(typed.provider, undefined);
    });
  }

  it('leaves a catalog error as it is', () => {
    const error = new catalog.RateLimitError({ message: 'slow down', code: 'no_deployments_available' });
    assert.equal(asLLMuxError(error), error);
    assert.deepEqual(toOpenAIError(error), {
      status: 429,
      body: {
        error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'no_deployments_available' },
      },
    });
  });
});
