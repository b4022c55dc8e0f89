import { z } from 'zod';
import { ALLOWLIST_ENTRY_EXPECTED, parseAllowlistEntry } from '../ssrf/api-base-allowlist.js';

function problem(ctx: z.RefinementCtx, options: { message: string; path?: PropertyKey[]; received: unknown }): void {
  ctx.addIssue({
    code: 'custom',
    message: options.message,
    path: options.path ?? [],
    params: { received: options.received },
  });
}

/**
 * `general_settings.client_api_base_allowlist`: a list (or a comma-separated string, as from an
 * environment variable) of host names, IP addresses and CIDRs, each checked at load so that
 * `10.0.0.0/33` is a config error with its line rather than a failure of every client-base request.
 */
export const apiBaseAllowlistSchema = () =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      const entries =
        typeof value === 'string'
          ? value
              .split(',')
              .map((item) => item.trim())
              .filter((item) => item !== '')
          : value;
      if (!Array.isArray(entries) || !entries.every((item) => typeof item === 'string')) {
        problem(ctx, { message: 'expected a list of strings', received: value });
        return z.NEVER;
      }
      entries.forEach((entry, index) => {
        if (parseAllowlistEntry(entry) === undefined) {
          problem(ctx, {
            message: `expected ${ALLOWLIST_ENTRY_EXPECTED}`,
            path: typeof value === 'string' ? [] : [index],
            received: entry,
          });
        }
      });
      return entries as string[];
    })
    .optional();

/**
 * A deployment's `configurable_clientside_auth_params`: field names, or LiteLLM's
 * `{ api_base: "^https://…$" }` form whose patterns must compile (checked at load, compiled once
 * at use and matched whole).
 */
export const clientsideAuthParamsSchema = () =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      if (!Array.isArray(value)) {
        problem(ctx, { message: 'expected a list of field names or {field: pattern} mappings', received: value });
        return z.NEVER;
      }
      value.forEach((entry: unknown, index) => {
        if (typeof entry === 'string') return;
        if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
          problem(ctx, {
            message: 'expected a field name or a {field: pattern} mapping',
            path: [index],
            received: entry,
          });
          return;
        }
        for (const [name, pattern] of Object.entries(entry)) {
          if (typeof pattern !== 'string') {
            problem(ctx, { message: 'expected a regular expression', path: [index, name], received: pattern });
            continue;
          }
          try {
            new RegExp(pattern);
          } catch {
            problem(ctx, { message: 'expected a valid regular expression', path: [index, name], received: pattern });
          }
        }
      });
      return value as (string | Record<string, string>)[];
    })
    .optional();
