import type { GeminiSchema } from './wire.js';

// The keys of Gemini's OpenAPI-subset `Schema`; the API rejects any other key with a 400.
const SCHEMA_KEYS: ReadonlySet<string> = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
]);

// Gemini honours only these formats and rejects some others (`uri`, `email` …), so the rest go.
const FORMATS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  STRING: ['enum', 'date-time'],
  NUMBER: ['float', 'double'],
  INTEGER: ['int32', 'int64'],
};

// Recursive `$ref`s cannot be inlined forever; past this depth a plain object stands in.
const MAX_DEPTH = 32;

/** Options of `toGeminiSchema`. */
export interface GeminiSchemaOptions {
  /** Adds `propertyOrdering` so structured output keeps the caller's key order (response schemas only). */
  propertyOrdering?: boolean;
}

interface SchemaContext {
  defs: Record<string, unknown>;
  propertyOrdering: boolean;
  /** `$ref` names being inlined on the current path, to stop recursion. */
  refs: readonly string[];
  depth: number;
}

type JsonObject = Record<string, unknown>;

/**
 * A JSON Schema (OpenAI tools, `response_format`) as Gemini's OpenAPI-subset `Schema`, following
 * LiteLLM's `_build_vertex_schema`: `$ref`s inlined from `$defs`, `anyOf: [X, null]` and
 * `type: [X, "null"]` as `nullable`, types upper-cased, unknown keys (`additionalProperties`,
 * `$schema`, `strict` …) dropped.
 * @example toGeminiSchema({ type: 'object', properties: { a: { type: ['string', 'null'] } } })
 * // → { type: 'OBJECT', properties: { a: { type: 'STRING', nullable: true } } }
 */
export function toGeminiSchema(schema: unknown, options: GeminiSchemaOptions = {}): GeminiSchema {
  const root = isObject(schema) ? schema : {};
  const defs = { ...asObject(root.definitions), ...asObject(root.$defs) };
  return convertNode(root, { defs, propertyOrdering: options.propertyOrdering ?? false, refs: [], depth: 0 });
}

/**
 * A JSON Schema for `responseJsonSchema`, which takes JSON Schema as it is: only the keys that are
 * not schema keywords at all (`$schema`, OpenAI's `strict`) are removed.
 */
export function toGeminiJsonSchema(schema: unknown): GeminiSchema {
  const copy: JsonObject = isObject(schema) ? structuredClone(schema) : {};
  delete copy.$schema;
  delete copy.strict;
  return copy;
}

function convertNode(node: JsonObject, context: SchemaContext): GeminiSchema {
  if (context.depth > MAX_DEPTH) return { type: 'OBJECT' };
  if (typeof node.$ref === 'string') return convertRef(node, node.$ref, context);
  const variants = compositionVariants(node);
  const nullable = node.nullable === true || typeList(node.type).includes('null') || variants.some(isNullSchema);
  const options = variants.filter((variant) => !isNullSchema(variant));
  const annotations = pickAnnotations(node);
  if (options.length === 1) {
    const only = { ...(options[0] as JsonObject), ...annotations };
    return withNullable(convertNode(only, deeper(context)), nullable);
  }
  if (options.length > 1) {
    // Gemini rejects keys beside `anyOf`, so title and description move into each option (LiteLLM #11164).
    return {
      anyOf: options.map((option) =>
        withNullable(convertNode({ ...option, ...annotations }, deeper(context)), nullable),
      ),
    };
  }
  const types = typeList(node.type).filter((type) => type !== 'null');
  if (types.length > 1) {
    return { anyOf: types.map((type) => withNullable(convertNode({ ...node, type }, deeper(context)), nullable)) };
  }
  return withNullable(convertPlain(node, types[0], context), nullable);
}

function convertRef(node: JsonObject, ref: string, context: SchemaContext): GeminiSchema {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const target = context.defs[name];
  if (!isObject(target) || context.refs.includes(name)) {
    // An unknown or recursive reference: a bare object keeps the call valid.
    return { type: 'OBJECT', ...pickAnnotations(node) };
  }
  const { $ref: _ref, ...siblings } = node;
  const inner = { ...context, refs: [...context.refs, name], depth: context.depth + 1 };
  return convertNode({ ...target, ...siblings }, inner);
}

function convertPlain(node: JsonObject, rawType: string | undefined, context: SchemaContext): GeminiSchema {
  const type = (rawType ?? inferType(node))?.toUpperCase();
  const out: GeminiSchema = {};
  if (type) out.type = type;
  for (const [key, value] of Object.entries(node)) {
    if (!SCHEMA_KEYS.has(key) || key === 'type' || key === 'nullable') continue;
    if (key === 'properties' || key === 'items' || key === 'anyOf') continue;
    if (key === 'format' && !(type && FORMATS_BY_TYPE[type]?.includes(String(value)))) continue;
    if (key === 'enum') {
      // Gemini rejects empty strings in enums.
      if (Array.isArray(value)) out.enum = value.filter((entry) => entry !== '' && entry !== null);
      continue;
    }
    if (key === 'required' && !isObject(node.properties)) continue;
    out[key] = value;
  }
  if (out.enum === undefined && node.const !== undefined && node.const !== null) out.enum = [node.const];
  if (isObject(node.properties)) convertProperties(out, node.properties, context);
  if (node.items !== undefined) out.items = convertItems(node.items, context);
  return out;
}

function convertProperties(out: GeminiSchema, properties: JsonObject, context: SchemaContext): void {
  const converted: Record<string, GeminiSchema> = {};
  for (const [name, value] of Object.entries(properties)) {
    converted[name] = convertNode(isObject(value) ? value : {}, deeper(context));
  }
  out.properties = converted;
  const names = Object.keys(converted);
  if (context.propertyOrdering && names.length > 0 && out.propertyOrdering === undefined) out.propertyOrdering = names;
}

function convertItems(items: unknown, context: SchemaContext): GeminiSchema {
  // Tuples have no Gemini form; the first position's schema is the closest fit.
  const first = Array.isArray(items) ? items[0] : items;
  if (!isObject(first) || Object.keys(first).length === 0) return { type: 'OBJECT' };
  return convertNode(first, deeper(context));
}

function compositionVariants(node: JsonObject): JsonObject[] {
  const list = node.anyOf ?? node.oneOf;
  if (Array.isArray(list)) return list.filter(isObject);
  // A single-entry `allOf` (pydantic's way to attach a description to a `$ref`) is that entry.
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && isObject(node.allOf[0])) return [node.allOf[0]];
  return [];
}

function inferType(node: JsonObject): string | undefined {
  if (isObject(node.properties)) return 'object';
  if (node.items !== undefined) return 'array';
  if (Array.isArray(node.enum) || typeof node.const === 'string') return 'string';
  return undefined;
}

function pickAnnotations(node: JsonObject): JsonObject {
  const annotations: JsonObject = {};
  if (typeof node.title === 'string') annotations.title = node.title;
  if (typeof node.description === 'string') annotations.description = node.description;
  return annotations;
}

function withNullable(schema: GeminiSchema, nullable: boolean): GeminiSchema {
  if (nullable && schema.anyOf === undefined) schema.nullable = true;
  return schema;
}

function isNullSchema(node: JsonObject): boolean {
  return (
    node.type === 'null' && Object.keys(node).every((key) => key === 'type' || key === 'title' || key === 'description')
  );
}

function typeList(type: unknown): string[] {
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((entry): entry is string => typeof entry === 'string') : [];
}

function deeper(context: SchemaContext): SchemaContext {
  return { ...context, depth: context.depth + 1 };
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
