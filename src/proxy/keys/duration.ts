import { BadRequestError } from '../../errors/index.js';

const DURATION = /^(\d+)(s|m|h|d|w|mo|y)$/;
const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * The end of a LiteLLM duration (`"30s"`, `"15m"`, `"1h"`, `"30d"`, `"2w"`, `"1mo"`, `"1y"`) counted from `from`.
 * Months and years are calendar ones, as in LiteLLM.
 * @example durationEnd('1h', new Date('2026-01-01T00:00:00Z')) // 2026-01-01T01:00:00Z
 */
export function durationEnd(duration: string, from: Date, param = 'duration'): Date {
  const match = DURATION.exec(duration.trim());
  if (!match) {
    throw new BadRequestError({
      message: `${param} must be a number and a unit (s, m, h, d, w, mo, y), e.g. "30d"; got '${duration.slice(0, 40)}'`,
      param,
      code: 'invalid_value',
    });
  }
  const amount = Number(match[1]);
  const unit = match[2] as string;
  const end = new Date(from.getTime());
  if (unit === 'mo') end.setUTCMonth(end.getUTCMonth() + amount);
  else if (unit === 'y') end.setUTCFullYear(end.getUTCFullYear() + amount);
  else end.setTime(end.getTime() + amount * (SECONDS[unit] as number) * 1000);
  return end;
}
