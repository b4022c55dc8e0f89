import type * as z from 'zod';
import { BadRequestError, type ErrorCode } from '../../errors/index.js';
import {
  anthropicCountTokensRequest,
  anthropicMessagesRequest,
  chatCompletionRequest,
  completionRequest,
  embeddingRequest,
} from './request-schemas.js';

/*
 * Request bodies are checked at the edge, before any upstream call, as OpenAI's and Anthropic's
 * own APIs do: the first problem becomes a 400 `invalid_request_error` whose `param` names the
 * field (`messages[0].role`) and whose message says what was expected, in OpenAI's wording.
 * Measured on the 2-core machine: a small chat body (2 messages, 3 sampling fields) validates in
 * a few µs of CPU with classic zod's compiled object parsers (zod/mini, which has none, took about
 * 11 µs). zod adds about 3.2 MB to the live heap, mostly its core with all its locales.
 */

const PARSE_OPTIONS = { reportInput: true } as const;

/** Throws a 400 naming the first invalid field of a `/v1/chat/completions` body. */
export function validateChatCompletionBody(body: Record<string, unknown>): void {
  validate(chatCompletionRequest, body);
}

/** Throws a 400 naming the first invalid field of a `/v1/completions` body. */
export function validateCompletionBody(body: Record<string, unknown>): void {
  validate(completionRequest, body);
}

/** Throws a 400 naming the first invalid field of a `/v1/embeddings` body. */
export function validateEmbeddingBody(body: Record<string, unknown>): void {
  validate(embeddingRequest, body);
}

/** Throws a 400 naming the first invalid field of a `/v1/messages` body. */
export function validateAnthropicMessagesBody(body: Record<string, unknown>): void {
  validate(anthropicMessagesRequest, body);
}

/** Throws a 400 naming the first invalid field of a `/v1/messages/count_tokens` body. */
export function validateAnthropicCountTokensBody(body: Record<string, unknown>): void {
  validate(anthropicCountTokensRequest, body);
}

function validate(schema: z.ZodType, body: Record<string, unknown>): void {
  const result = schema.safeParse(body, PARSE_OPTIONS);
  if (result.success) return;
  const issue = result.error.issues[0];
  if (issue) throw requestError(issue);
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** One issue as the client's error: OpenAI's message shapes and codes, never a long echo of the input. */
export function requestError(found: Issue): BadRequestError {
  const issue = closestUnionMatch(found);
  const param = paramPath(issue.path);
  const { message, code } = describeIssue(issue, param);
  return new BadRequestError({ message, param, code });
}

/**
 * A union fails as a whole; when one of its options matched the shape (an array of parts, say) and
 * failed deeper, that deeper problem is the useful one: `messages[0].content[1].type`, not `content`.
 */
function closestUnionMatch(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  for (const option of issue.errors) {
    const deeper = option[0];
    if (deeper && deeper.path.length > 0) {
      return closestUnionMatch({ ...deeper, path: [...issue.path, ...deeper.path] } as Issue);
    }
  }
  return issue;
}

/** What a validation issue becomes: OpenAI's message and one of llmux's `ErrorCode`s (a typo does not compile). */
interface IssueDescription {
  message: string;
  code: ErrorCode;
}

/** OpenAI's codes for a number out of range, e.g. `integer_below_min_value` (each one is in `ERROR_CODES`). */
type RangeCode = `${'integer' | 'decimal'}_${'below_min' | 'above_max'}_value`;

function describeIssue(issue: Issue, param: string): IssueDescription {
  const missing = `Missing required parameter: '${param}'.`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return { message: missing, code: 'missing_required_parameter' };
      return {
        message: `Invalid type for '${param}': expected ${withArticle(issue.expected)}, but got ${typeName(issue.input)} instead.`,
        code: 'invalid_type',
      };
    case 'invalid_value':
      return {
        message: `Invalid value for '${param}': ${shortValue(issue.input)}. Supported values are: ${issue.values.map((value) => `'${String(value)}'`).join(', ')}.`,
        code: 'invalid_value',
      };
    case 'too_small':
    case 'too_big':
      return rangeProblem(issue, param);
    case 'custom':
      if (issue.params?.missing === true) {
        return {
          message: `Missing required parameter: '${param}' (${issue.message}).`,
          code: 'missing_required_parameter',
        };
      }
      return {
        message: `Invalid '${param}': ${issue.message}, but got ${shortValue(issue.input)} instead.`,
        code: 'invalid_type',
      };
    case 'invalid_union':
      if (issue.input === undefined) return { message: missing, code: 'missing_required_parameter' };
      return {
        message: `Invalid '${param}': ${issue.message}, but got ${typeName(issue.input)} instead.`,
        code: 'invalid_type',
      };
    default:
      return { message: `Invalid '${param}': ${issue.message}.`, code: 'invalid_value' };
  }
}

function rangeProblem(
  issue: Issue & { code: 'too_small' | 'too_big'; origin?: string },
  param: string,
): IssueDescription {
  const below = issue.code === 'too_small';
  const limit = Number(below ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  if (issue.origin === 'array') {
    return {
      message: `Invalid '${param}': empty array. Expected an array with minimum length ${limit}, but got an empty array instead.`,
      code: 'empty_array',
    };
  }
  const kind = Number.isInteger(issue.input) ? 'integer' : 'decimal';
  const side = below ? 'below minimum' : 'above maximum';
  const code: RangeCode & ErrorCode = `${kind}_${below ? 'below_min' : 'above_max'}_value`;
  return {
    message: `Invalid '${param}': ${kind} ${side} value. Expected a value ${below ? '>=' : '<='} ${limit}, but got ${shortValue(issue.input)} instead.`,
    code,
  };
}

/** `['messages', 0, 'role']` → `messages[0].role` */
export function paramPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? shortKey(String(part)) : `.${shortKey(String(part))}`;
  }
  return text;
}

// Field names come from the schema, but be safe for any key a schema might ever report.
function shortKey(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

const MAX_ECHO = 40;

/** A value for an error message, cut short: errors never echo a large input back. */
export function shortValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
    return `'${cut.replace(/[\r\n]/g, ' ')}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeName(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return withArticle(typeof value);
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

const OPENAI_VALIDATORS: Record<string, (body: Record<string, unknown>) => void> = {
  '/chat/completions': validateChatCompletionBody,
  '/completions': validateCompletionBody,
  '/embeddings': validateEmbeddingBody,
};

/** Validates the body of an OpenAI-format endpoint (`/chat/completions`, `/completions`, `/embeddings`). */
export function validateOpenAIBody(endpoint: string, body: Record<string, unknown>): void {
  OPENAI_VALIDATORS[endpoint]?.(body);
}
