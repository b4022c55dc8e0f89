export interface ParsedErrorBody {
  message: string;
  code?: string | null | undefined;
  param?: string | null | undefined;
  kind?: 'context_window' | 'content_policy' | undefined;
}

/** Reads the common error envelopes: OpenAI's `{error:{message,code,param}}`, `{error:"…"}`, `{message}`, `{detail}`. */
export function parseErrorBody(body: unknown, fallbackText: string): ParsedErrorBody {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const inner = record.error;
    if (inner && typeof inner === 'object') {
      const error = inner as Record<string, unknown>;
      return {
        message: stringOr(error.message, fallbackText),
        code: stringOrNull(error.code) ?? stringOrNull(error.type) ?? stringOrNull(error.status),
        param: stringOrNull(error.param),
      };
    }
    if (typeof inner === 'string') return { message: inner };
    if (typeof record.message === 'string') return { message: record.message, code: stringOrNull(record.code) };
    if (record.detail !== undefined) return { message: stringOr(record.detail, JSON.stringify(record.detail)) };
  }
  return { message: fallbackText || 'Unknown error' };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value ? value : fallback;
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}
