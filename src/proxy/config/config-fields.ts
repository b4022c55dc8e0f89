import { z } from 'zod';

// Every field reports what it expected and (in `params.received`) what it got; the message is
// finished in `validate-config.ts`, which knows which values came from the environment and
// must not be repeated.
export function reject(ctx: z.RefinementCtx, expected: string, received: unknown): never {
  ctx.addIssue({ code: 'custom', message: `expected ${expected}`, params: { received } });
  return z.NEVER as never;
}

/** A number, or a numeric string as YAML users write them (`"100"`, `20_000`). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^[-+]?(?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?$/.test(text) || !/\d/.test(text.split(/[eE]/)[0] ?? '')) {
    return undefined;
  }
  const parsed = Number(text.replace(/_/g, ''));
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A boolean, or the strings YAML 1.1 and environment variables use for one. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  return undefined;
}

type NumberRule = 'non-negative' | 'positive' | 'whole';
const NUMBER_RULES: Record<NumberRule, { expected: string; accepts: (value: number) => boolean }> = {
  'non-negative': { expected: 'a number of 0 or more', accepts: (value) => value >= 0 },
  positive: { expected: 'a number greater than 0', accepts: (value) => value > 0 },
  whole: { expected: 'a whole number of 0 or more', accepts: (value) => value >= 0 && Number.isInteger(value) },
};

/** An optional number field; `null` (an empty YAML value) counts as absent. */
export const optionalNumber = (rule: NumberRule = 'non-negative') =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      const number = toNumber(value);
      return number !== undefined && NUMBER_RULES[rule].accepts(number)
        ? number
        : reject(ctx, NUMBER_RULES[rule].expected, value);
    })
    .optional();

export const optionalBoolean = () =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      return toBoolean(value) ?? reject(ctx, 'true or false', value);
    })
    .optional();

/** An optional string; numbers are taken as text (`api_version: 2024`). */
export const optionalText = (options: { numbers?: boolean } = { numbers: true }) =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value === 'string') return value;
      if (options.numbers && typeof value === 'number') return String(value);
      return reject(ctx, 'a string', value);
    })
    .optional();

/** A required, non-empty string. */
export const requiredText = () =>
  z.unknown().transform((value, ctx) => {
    if (value === null || value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Required' });
      return z.NEVER;
    }
    if (typeof value !== 'string') return reject(ctx, 'a string', value);
    if (value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      return z.NEVER;
    }
    return value;
  });

/** A list of strings; one string is read as a comma-separated list (as from an environment variable). */
export const optionalTextList = () =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value === 'string')
        return value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '');
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
      return reject(ctx, 'a list of strings', value);
    })
    .optional();
