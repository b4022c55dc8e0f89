/** A USD price per token; `tiers` raise it for the whole call once the prompt has more than `start` tokens. */
export interface TokenPrice {
  base: number;
  tiers?: readonly { start: number; price: number }[];
}

/** Every per-token price the catalogue knows for one model. */
export interface PriceTable {
  input?: TokenPrice;
  output?: TokenPrice;
  cacheRead?: TokenPrice;
  cacheWrite?: TokenPrice;
  /** Only when reasoning tokens cost something other than output tokens. */
  outputReasoning?: TokenPrice;
  inputAudio?: TokenPrice;
  outputAudio?: TokenPrice;
}

export type PriceName = keyof PriceTable;

/** A price table that applies from a date, or during a daily UTC window (DeepSeek's off-peak hours). */
export interface ScheduledPrices {
  prices: PriceTable;
  constraint?:
    | { type: 'start_date'; start_date: string }
    | { type: 'time_of_date'; start_time: string; end_time: string };
}

/** The price of one token for a call whose prompt has `promptTokens` tokens (genai-prices' and LiteLLM's tier rule). */
export function priceForPrompt(price: TokenPrice | undefined, promptTokens: number): number | undefined {
  if (!price) return undefined;
  let current = price.base;
  for (const tier of price.tiers ?? []) if (promptTokens > tier.start) current = tier.price;
  return current;
}

/** A price per million tokens as a price per token, without binary noise (0.4 / 1e6 is 4e-7, not 4.0000000000000003e-7). */
export function perMillionToPerToken(pricePerMillion: number): number {
  return Number((pricePerMillion / 1e6).toPrecision(12));
}

/** A flat price, or `undefined` for a missing or invalid number. */
export function flatPrice(value: unknown): TokenPrice | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { base: value } : undefined;
}

function secondsOfDay(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.replace(/Z$/, '').split(':').map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}

function inDailyWindow(date: Date, start: string, end: string): boolean {
  const now = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  const from = secondsOfDay(start);
  const to = secondsOfDay(end);
  return to < from ? now >= from || now < to : now >= from && now < to;
}

/** The prices in force at `date`: the last schedule entry whose constraint holds, else the first. */
export function pricesAt(schedule: readonly ScheduledPrices[], date: Date): PriceTable {
  for (let index = schedule.length - 1; index >= 0; index--) {
    const entry = schedule[index]!;
    const constraint = entry.constraint;
    if (!constraint) return entry.prices;
    if (constraint.type === 'start_date' && date >= new Date(`${constraint.start_date}T00:00:00Z`)) return entry.prices;
    if (constraint.type === 'time_of_date' && inDailyWindow(date, constraint.start_time, constraint.end_time)) {
      return entry.prices;
    }
  }
  return schedule[0]?.prices ?? {};
}
