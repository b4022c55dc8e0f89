import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { readSpec } from './fixtures.js';

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * A validator for one schema of OpenAI's published OpenAPI spec (the `.prism.json` copy whose
 * schemas all compile, trimmed: `test/specs/README.md`), e.g. `CreateChatCompletionStreamResponse`.
 */
export function openaiSchemaValidator(name: string): ValidateFunction {
  const known = validators.get(name);
  if (known) return known;
  if (!ajv) {
    const spec = readSpec<{ components: unknown }>('openai-openapi.prism.json');
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'openai', components: spec.components });
  }
  const validator = ajv.compile({ $ref: `openai#/components/schemas/${name}` });
  validators.set(name, validator);
  return validator;
}

/** Throws with Ajv's messages when `value` does not match the named OpenAI schema. */
export function assertMatchesOpenAISchema(name: string, value: unknown): void {
  const validate = openaiSchemaValidator(name);
  if (!validate(value)) {
    throw new Error(
      `${name} mismatch: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}\nvalue: ${JSON.stringify(value).slice(0, 500)}`,
    );
  }
}
