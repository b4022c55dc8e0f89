import { BadRequestError } from '../../errors/index.js';
import type { ContentPart, FileContentPart, ImageContentPart } from '../../spec/openai-chat.js';
import type {
  AnthropicCacheControl,
  AnthropicDocumentBlockParam,
  AnthropicImageBlockParam,
  AnthropicTextBlockParam,
  AnthropicUserContentBlock,
} from './wire.js';

/** Image types Anthropic accepts in a `base64` image source. */
export const ANTHROPIC_IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
]);

/** Beta flag Anthropic requires before a block may point at an uploaded file (`file_id`). */
export const ANTHROPIC_FILES_BETA = 'files-api-2025-04-14';

interface DataUrl {
  mediaType: string;
  data: string;
}

/** The `cache_control` an OpenAI message or part carries (a LiteLLM extension), if it is a well-formed one. */
export function readCacheControl(source: unknown): AnthropicCacheControl | undefined {
  const value = (source as { cache_control?: unknown } | null)?.cache_control;
  if (!value || typeof value !== 'object') return undefined;
  return value as AnthropicCacheControl;
}

/** Adds `cache_control` to a block only when there is one, so bodies stay minimal. */
export function withCacheControl<T extends object>(block: T, cacheControl: AnthropicCacheControl | undefined): T {
  return cacheControl ? { ...block, cache_control: cacheControl } : block;
}

/** An Anthropic text block, e.g. `toAnthropicTextBlock('Hi')` → `{ type: 'text', text: 'Hi' }`. */
export function toAnthropicTextBlock(text: string, cacheControl?: AnthropicCacheControl): AnthropicTextBlockParam {
  return withCacheControl({ type: 'text', text }, cacheControl);
}

/**
 * One OpenAI user content part as an Anthropic block, e.g. an `image_url` data URL becomes an
 * `image` block with a `base64` source. Returns `undefined` for an empty text part (Anthropic rejects those).
 */
export function toAnthropicUserBlock(part: ContentPart): AnthropicUserContentBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? toAnthropicTextBlock(part.text, readCacheControl(part)) : undefined;
    case 'image_url':
      return toAnthropicImageBlock(part);
    case 'file':
      return toAnthropicFileBlock(part);
    case 'input_audio':
      throw invalidContent('Anthropic does not accept audio input (input_audio content parts)');
    default:
      throw invalidContent(`Unsupported content part type '${(part as { type?: unknown }).type}'`);
  }
}

/** An `image_url` part as an `image` block (data URL → base64, http(s) → url); a PDF becomes a `document`. */
export function toAnthropicImageBlock(part: ImageContentPart): AnthropicImageBlockParam | AnthropicDocumentBlockParam {
  const imageUrl = part.image_url as ImageContentPart['image_url'] | string;
  const url = typeof imageUrl === 'string' ? imageUrl : imageUrl.url;
  const format = typeof imageUrl === 'string' ? undefined : imageUrl.format;
  const cacheControl = readCacheControl(part);
  const dataUrl = parseDataUrl(url);
  if (dataUrl) {
    const mediaType = format ?? dataUrl.mediaType;
    return withCacheControl(base64MediaBlock(mediaType, dataUrl.data), cacheControl);
  }
  if (/^https?:\/\//i.test(url)) {
    // Anthropic fetches URLs itself, so the image is not downloaded here (LiteLLM's newer behaviour too).
    const isPdf = format === 'application/pdf' || /\.pdf(\?|#|$)/i.test(url);
    const block: AnthropicImageBlockParam | AnthropicDocumentBlockParam = isPdf
      ? { type: 'document', source: { type: 'url', url } }
      : { type: 'image', source: { type: 'url', url } };
    return withCacheControl(block, cacheControl);
  }
  throw invalidContent(
    "Image URLs must be a base64 data URL ('data:image/png;base64,…') or an http(s) URL. Supported types: image/jpeg, image/png, image/gif, image/webp",
  );
}

/** A `file` part (base64 `file_data` or an uploaded `file_id`) as a `document` or `image` block. */
export function toAnthropicFileBlock(part: FileContentPart): AnthropicDocumentBlockParam | AnthropicImageBlockParam {
  const { file } = part;
  const cacheControl = readCacheControl(part);
  if (file.file_data) {
    const dataUrl = parseDataUrl(file.file_data);
    const mediaType = file.format ?? dataUrl?.mediaType;
    if (!dataUrl || !mediaType)
      throw invalidContent("file_data must be a base64 data URL ('data:application/pdf;base64,…')");
    return withCacheControl(base64MediaBlock(mediaType, dataUrl.data), cacheControl);
  }
  if (file.file_id) {
    const isImage = file.format !== undefined && ANTHROPIC_IMAGE_MEDIA_TYPES.has(file.format);
    const block: AnthropicDocumentBlockParam | AnthropicImageBlockParam = isImage
      ? { type: 'image', source: { type: 'file', file_id: file.file_id } }
      : { type: 'document', source: { type: 'file', file_id: file.file_id } };
    return withCacheControl(block, cacheControl);
  }
  throw invalidContent('A file content part needs file_data or file_id');
}

function base64MediaBlock(mediaType: string, data: string): AnthropicImageBlockParam | AnthropicDocumentBlockParam {
  if (ANTHROPIC_IMAGE_MEDIA_TYPES.has(mediaType)) {
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
  }
  if (mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } };
  }
  if (mediaType === 'text/plain') {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: decodeBase64Text(data) } };
  }
  throw invalidContent(
    `Unsupported media type '${mediaType}'. Anthropic accepts image/jpeg, image/png, image/gif, image/webp, application/pdf and text/plain`,
  );
}

/** Splits `data:<media type>;base64,<data>`; only base64 payloads are accepted, as Anthropic needs base64. */
function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),/i.exec(url);
  if (!match) return undefined;
  if (!/;base64$/i.test(match[2] ?? '')) throw invalidContent('Only base64 data URLs are supported');
  return { mediaType: (match[1] ?? '').toLowerCase(), data: url.slice(match[0].length) };
}

function decodeBase64Text(data: string): string {
  const binary = atob(data);
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** A 400 for content Anthropic cannot take, raised before any network call. */
export function invalidContent(message: string): BadRequestError {
  return new BadRequestError({ message: `anthropicException - ${message}`, provider: 'anthropic', param: 'messages' });
}
