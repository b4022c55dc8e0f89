import { BadRequestError } from '../../errors/index.js';
import type { ContentPart } from '../../spec/openai-chat.js';
import type { GeminiPart } from './wire.js';

// LiteLLM's `_get_image_mime_type_from_url` table, plus the image and document types Gemini documents.
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  mp4: 'video/mp4',
  mov: 'video/mov',
  mpeg: 'video/mpeg',
  mpg: 'video/mpeg',
  avi: 'video/avi',
  wmv: 'video/wmv',
  mpegps: 'video/mpegps',
  flv: 'video/flv',
  webm: 'video/webm',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  md: 'text/markdown',
};

/**
 * The MIME type a file URL's extension suggests (query and fragment ignored), if known.
 * @example mimeTypeFromUrl('https://x.test/cat.PNG?size=2') // 'image/png'
 */
export function mimeTypeFromUrl(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return undefined;
  return MIME_BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}

/**
 * One OpenAI user content part as a Gemini part: text, `data:` URLs as `inlineData`, other URLs
 * (`https://`, `gs://`, Files API URIs) as `fileData`. `undefined` for parts with nothing to send.
 */
export function toGeminiUserPart(part: ContentPart, where: string): GeminiPart | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? { text: part.text } : undefined;
    case 'image_url': {
      const image = part.image_url as { url: string; format?: string } | string;
      const url = typeof image === 'string' ? image : image.url;
      return mediaPart(url, typeof image === 'string' ? undefined : image.format, `${where}.image_url`);
    }
    case 'input_audio': {
      const { data, format } = part.input_audio;
      if (!data) return undefined;
      // Clients send a format name (`wav`); Gemini wants a MIME type.
      const mimeType = format.includes('/') ? format : `audio/${format}`;
      return data.startsWith('data:') ? mediaPart(data, mimeType, where) : { inlineData: { mimeType, data } };
    }
    case 'file': {
      const source = part.file.file_data ?? part.file.file_id;
      if (!source) throw badPart(`${where}.file needs file_data or file_id`, `${where}.file`);
      return mediaPart(source, part.file.format, `${where}.file`);
    }
    default:
      throw badPart(`${where}: unsupported content part type '${(part as { type?: unknown }).type}'`, where);
  }
}

function mediaPart(source: string, format: string | undefined, where: string): GeminiPart {
  if (source.startsWith('data:')) {
    const comma = source.indexOf(',');
    const header = source.slice(5, comma === -1 ? undefined : comma);
    if (comma === -1 || !header.endsWith(';base64')) {
      throw badPart(`${where}: only base64 data URLs can be sent to Gemini`, where);
    }
    const mimeType = format ?? header.slice(0, -';base64'.length).split(';', 1)[0] ?? '';
    if (!mimeType) throw badPart(`${where}: the data URL has no MIME type; set format`, where);
    return { inlineData: { mimeType, data: source.slice(comma + 1) } };
  }
  if (/^(https?|gs):\/\//i.test(source) || source.startsWith('files/')) {
    // Gemini fetches the URI itself; the MIME type is optional, so an unknown extension is no error.
    const mimeType = format ?? mimeTypeFromUrl(source);
    return { fileData: mimeType ? { fileUri: source, mimeType } : { fileUri: source } };
  }
  // LiteLLM also accepts bare base64 when the format says what it is.
  if (format) return { inlineData: { mimeType: format, data: source } };
  throw badPart(`${where}: expected a data URL, an http(s) or gs:// URL`, where);
}

function badPart(message: string, param: string): BadRequestError {
  return new BadRequestError({ message, param, provider: 'gemini' });
}
