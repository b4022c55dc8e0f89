import { BadRequestError, UnsupportedMediaTypeError } from '../errors/index.js';
import type { GatewayRequest } from './gateway-types.js';

/** The request body as a JSON object, or a clear 4xx. */
export function readJsonBody(request: GatewayRequest): Record<string, unknown> {
  const contentType = String(request.headers['content-type'] ?? '');
  if (contentType && !/\bjson\b/i.test(contentType)) {
    throw new UnsupportedMediaTypeError({
      message: `Content-Type must be application/json, got '${contentType.slice(0, 100)}'`,
      code: 'unsupported_media_type',
    });
  }
  if (!request.body || request.body.length === 0) {
    throw new BadRequestError({ message: 'Request body is empty; expected a JSON object', code: 'invalid_body' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8'),
    );
  } catch (error) {
    throw new BadRequestError({
      message: `Invalid JSON in request body: ${(error as Error).message}`,
      code: 'invalid_json',
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequestError({ message: 'Request body must be a JSON object', code: 'invalid_body' });
  }
  return parsed as Record<string, unknown>;
}
