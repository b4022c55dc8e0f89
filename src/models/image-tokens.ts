import { dataUrlImageSize, type ImageSize } from './image-dimensions.js';

interface ImageTokenRates {
  base: number;
  tile: number;
}

// OpenAI's published rates per 512 px tile; every other model uses GPT-4o's (85 + 170 per tile).
const RATES_BY_MODEL: readonly [RegExp, ImageTokenRates][] = [
  [/^gpt-4o-mini/, { base: 2833, tile: 5667 }],
  [/^(o1|o1-pro|o3)(-20\d\d|$)/, { base: 75, tile: 150 }],
];
const DEFAULT_RATES: ImageTokenRates = { base: 85, tile: 170 };

/** The size assumed for a high-detail image whose size is unknown (a remote URL): 1024×1024, 765 tokens on GPT-4o. */
export const ASSUMED_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };

/** OpenAI's tiling: fit within 2048×2048, shrink the shortest side to 768, then count 512 px tiles. */
export function imageTileCount(size: ImageSize): number {
  let { width, height } = size;
  const longest = Math.max(width, height);
  if (longest > 2048) {
    width = (width * 2048) / longest;
    height = (height * 2048) / longest;
  }
  const shortest = Math.min(width, height);
  if (shortest > 768) {
    width = (width * 768) / shortest;
    height = (height * 768) / shortest;
  }
  return Math.ceil(width / 512) * Math.ceil(height / 512);
}

/**
 * Prompt tokens of one image: the base cost for `detail: 'low'`, else base + per-tile cost for its
 * size, read from a `data:` URL or assumed to be `ASSUMED_IMAGE_SIZE` for remote URLs.
 */
export function imageTokens(image: { url: string; detail?: string | undefined }, model: string): number {
  const name = model.toLowerCase().slice(model.lastIndexOf('/') + 1);
  const rates = RATES_BY_MODEL.find(([pattern]) => pattern.test(name))?.[1] ?? DEFAULT_RATES;
  if (image.detail === 'low') return rates.base;
  const size = dataUrlImageSize(image.url) ?? ASSUMED_IMAGE_SIZE;
  return rates.base + rates.tile * imageTileCount(size);
}
