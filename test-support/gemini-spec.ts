import { Ajv, type ValidateFunction } from 'ajv';
import { readSpec } from './fixtures.js';

const validators = new Map<string, ValidateFunction>();

/**
 * A validator for one schema of Google's published Gemini spec, made strict enough to catch what
 * Gemini rejects: unknown keys (`additionalProperties: false` on every object with listed
 * properties). Loosened where the spec is stricter than the API: `model` travels in the URL,
 * `description` is a proto3 string, a `Schema` may be `anyOf` alone, int64 fields take JSON numbers,
 * and enums match without case (Google's own REST examples send `thinkingLevel: "low"`).
 */
export function geminiSchemaValidator(name: string): ValidateFunction {
  const known = validators.get(name);
  if (known) return known;
  const spec = readSpec<{ components: { schemas: Record<string, Record<string, unknown>> } }>(
    'gemini-v1beta-openapi.json',
  );
  const components = structuredClone(spec.components);
  const tighten = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) tighten(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (schema.type === 'string' && schema.format === 'int64') schema.type = ['string', 'integer'];
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
    if (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === 'string')) {
      schema.enum = [...schema.enum, ...(schema.enum as string[]).map((value) => value.toLowerCase())];
    }
    for (const value of Object.values(schema)) tighten(value);
  };
  tighten(components.schemas);
  const schemas = components.schemas as Record<string, Record<string, unknown>>;
  (schemas.GenerateContentRequest as Record<string, unknown>).required = ['contents'];
  (schemas.FunctionDeclaration as Record<string, unknown>).required = ['name'];
  // `type` is a proto3 enum (absent = unspecified); Gemini takes an `anyOf`-only schema (LiteLLM #11164).
  const schema = schemas.Schema as Record<string, unknown>;
  delete schema.required;
  schema.anyOf = [{ required: ['type'] }, { required: ['anyOf'] }];
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'gemini', components });
  const validator = ajv.compile({ $ref: `gemini#/components/schemas/${name}` });
  validators.set(name, validator);
  return validator;
}
