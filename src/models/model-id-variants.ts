// A date suffix (`-20250514`, `-2025-05-14`, `@20250514`), a `-latest` alias or a Bedrock version tag (`-v1:0`).
const DATE_SUFFIX = /[-@](20\d{2}-?\d{2}-?\d{2})$/;
const LATEST_SUFFIX = /-latest$/;
const BEDROCK_VERSION = /-v\d+(:\d+)?$/;
const BEDROCK_REGION = /^(us|eu|apac|global|au|jp|ca|us-gov)\./;
const COMPACT_DATE = /-(20\d{2})(\d{2})(\d{2})(?=$|-|:)/;

/**
 * Spellings of one model id to try in order, most exact first: lower-cased, without `models/`,
 * with `@` dates as dashes (Vertex), with compact dates dashed (genai-prices' form), then without
 * Bedrock regions and versions, dates and `-latest`.
 */
export function modelIdVariants(modelId: string): string[] {
  const variants: string[] = [];
  const add = (value: string) => {
    if (value && !variants.includes(value)) variants.push(value);
  };
  const base = modelId
    .trim()
    .toLowerCase()
    .replace(/^models\//, '');
  add(base);
  add(base.replace('@', '-'));
  add(base.replace(COMPACT_DATE, '-$1-$2-$3'));
  const bare = looseModelKey(base);
  add(bare.replace(BEDROCK_REGION, ''));
  add(base.replace(BEDROCK_REGION, ''));
  add(bare);
  return variants;
}

/** The id with dates, `-latest`, Bedrock versions and `models/` removed: the key for loose matching. */
export function looseModelKey(modelId: string): string {
  let key = modelId
    .trim()
    .toLowerCase()
    .replace(/^models\//, '');
  key = key.replace(BEDROCK_VERSION, '');
  key = key.replace(DATE_SUFFIX, '');
  key = key.replace(LATEST_SUFFIX, '');
  return key.replace(BEDROCK_REGION, '');
}

/**
 * Shorter and shorter family names of an id, for capabilities only: `claude-sonnet-4-5` →
 * `claude-sonnet-4` → `claude-sonnet`; `gpt-5.1` → `gpt-5`. Stops before a bare vendor word.
 */
export function modelFamilyKeys(modelId: string): string[] {
  const families: string[] = [];
  let key = looseModelKey(modelId);
  for (;;) {
    const cut = Math.max(key.lastIndexOf('-'), key.lastIndexOf('.'));
    if (cut <= 0) break;
    key = key.slice(0, cut);
    // A family needs a digit in it, or it is only a vendor name like `claude` or `gpt`.
    if (!/\d/.test(key)) break;
    families.push(key);
  }
  return families;
}
