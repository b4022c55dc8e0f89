/** The tiktoken encodings llmux counts with. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Counts the tokens of a string. */
export type CountText = (text: string) => number;

// Special-token strings in user text are counted as plain text, as the API bills them.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const loaded = new Map<EncodingName, CountText>();
const loading = new Map<EncodingName, Promise<CountText>>();

// Each encoding is its own module (o200k's ranks are 2.4 MB of JS, ~150 ms to parse), imported on first use.
async function importEncoding(name: EncodingName): Promise<CountText> {
  const encoding =
    name === 'o200k_base'
      ? await import('gpt-tokenizer/encoding/o200k_base')
      : await import('gpt-tokenizer/encoding/cl100k_base');
  return (text) => encoding.countTokens(text, PLAIN_TEXT);
}

/** Loads an encoding once; later calls share the same promise. */
export function loadEncoding(name: EncodingName): Promise<CountText> {
  let promise = loading.get(name);
  if (!promise) {
    promise = importEncoding(name).then((count) => {
      loaded.set(name, count);
      return count;
    });
    // A failed import may be retried by a later call.
    promise.catch(() => loading.delete(name));
    loading.set(name, promise);
  }
  return promise;
}

/** The encoding's counter if it has finished loading. */
export function loadedEncoding(name: EncodingName): CountText | undefined {
  return loaded.get(name);
}

// OpenAI families on cl100k_base; every other OpenAI chat, reasoning and open-weight model is on o200k_base.
const CL100K_MODELS =
  /^(gpt-4(-|$)|gpt-4-turbo|gpt-4-32k|gpt-35|gpt-3\.5|text-embedding-(3|ada)|davinci-002|babbage-002)/;
const O200K_MODELS = /^(gpt-4o|gpt-4\.[15]|gpt-5|gpt-oss|chatgpt-4o|o1|o3|o4|codex-mini|computer-use|omni-moderation)/;

/**
 * The encoding for a model id and whether it is the model's own: exact for OpenAI models (any host,
 * e.g. `azure/gpt-4o` or `openrouter/openai/gpt-4o`), an o200k_base approximation for everything else.
 */
export function encodingForModel(model: string): { encoding: EncodingName; exact: boolean } {
  const name = model.toLowerCase().slice(model.lastIndexOf('/') + 1);
  if (CL100K_MODELS.test(name)) return { encoding: 'cl100k_base', exact: true };
  return { encoding: 'o200k_base', exact: O200K_MODELS.test(name) };
}
