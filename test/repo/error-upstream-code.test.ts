import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthenticationError,
  BadRequestError,
  type ErrorCode,
  errorFromResponse,
  type LLMuxErrorOptions,
  RateLimitError,
  ServiceUnavailableError,
} from '../../src/errors/index.js';

function upstreamError(code: string | null) {
  return errorFromResponse({
    status: 529,
    body: { type: 'error', error: { type: code, message: 'Overloaded' } },
    headers: {},
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    message: 'Overloaded',
    code,
  });
}

describe("an error's code: llmux's own, typed, apart from the upstream's", () => {
  it('does not compile with a code missing from ERROR_CODES (tsc checks the @ts-expect-error lines)', () => {
    // @ts-expect-error 'made_up_code' is not an ErrorCode
    const typo: ErrorCode = 'made_up_code';
    // @ts-expect-error an upstream's code goes in upstreamCode, never in code
    const options: LLMuxErrorOptions = { message: 'x', code: 'overloaded_error' as string };
    const statusCode: ErrorCode = '429';
    assert.equal(new RateLimitError({ message: 'x', code: statusCode }).code, '429');
    assert.equal(typeof typo, 'string');
    assert.equal(options.message, 'x');
  });

  it("keeps the provider's code verbatim as upstreamCode, and shows it as code (as LiteLLM does)", () => {
    const error = upstreamError('overloaded_error');
    assert.ok(error instanceof ServiceUnavailableError);
    assert.equal(error.upstreamCode, 'overloaded_error');
    assert.equal(error.code, 'overloaded_error');
    assert.equal(error.toJSON().error.code, 'overloaded_error');
  });

  it('leaves upstreamCode null on an error llmux raised itself', () => {
    const error = new BadRequestError({ message: 'no such provider', code: 'invalid_model' });
    assert.equal(error.upstreamCode, null);
    assert.equal(error.code, 'invalid_model');
    assert.equal(error.toJSON().error.code, 'invalid_model');
  });

  it('falls back to the status when neither llmux nor the upstream gave a code', () => {
    const error = upstreamError(null);
    assert.equal(error.code, null);
    assert.equal(error.upstreamCode, null);
    assert.equal(error.toJSON().error.code, '503');
  });

  it("prefers llmux's code for clients when both are set, keeping the upstream's beside it", () => {
    const error = new RateLimitError({ message: 'x', code: 'no_deployments_available', upstreamCode: 'rate_limit' });
    assert.equal(error.code, 'no_deployments_available');
    assert.equal(error.upstreamCode, 'rate_limit');
  });
});

describe('toOptions: raising an error again as another class', () => {
  it("keeps an upstream's code an upstream code, even one spelt like an llmux code", () => {
    const upstream = errorFromResponse({
      status: 400,
      body: {},
      headers: {},
      provider: 'openai',
      model: 'gpt-4o',
      message: 'too long',
      code: 'context_length_exceeded',
    });
    const options = upstream.toOptions();
    assert.equal(options.code, null);
    assert.equal(options.upstreamCode, 'context_length_exceeded');
    const again = new AuthenticationError({ ...options, cause: upstream });
    assert.equal(again.upstreamCode, 'context_length_exceeded');
    assert.equal(again.code, 'context_length_exceeded');
    assert.equal(again.provider, 'openai');
  });

  it("keeps llmux's own code llmux's own", () => {
    const own = new RateLimitError({ message: 'cooling down', code: 'no_deployments_available', retryAfter: 5 });
    const options = own.toOptions();
    assert.equal(options.code, 'no_deployments_available');
    assert.equal(options.upstreamCode, null);
    assert.equal(options.retryAfter, 5);
    assert.equal(new ServiceUnavailableError(options).code, 'no_deployments_available');
  });
});
