import type { FunctionDefinition, FunctionTool } from '../spec/openai-chat.js';
import type { CountText } from './tokenizer-encodings.js';

type JsonSchema = Record<string, unknown>;

function properties(schema: JsonSchema): [string, JsonSchema][] {
  const props = schema['properties'];
  return props && typeof props === 'object' ? (Object.entries(props) as [string, JsonSchema][]) : [];
}

function formatType(schema: JsonSchema, indent: number): string {
  const values = Array.isArray(schema['enum']) ? schema['enum'] : undefined;
  switch (schema['type']) {
    case 'string':
      return values ? values.map((value) => JSON.stringify(value)).join(' | ') : 'string';
    case 'number':
    case 'integer':
      return values ? values.map(String).join(' | ') : 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const items = schema['items'];
      return items && typeof items === 'object' ? `${formatType(items as JsonSchema, indent)}[]` : 'any[]';
    }
    case 'object':
      return `{\n${formatProperties(schema, indent + 2)}\n}`;
    default:
      return 'any';
  }
}

function formatProperties(schema: JsonSchema, indent: number): string {
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
  const lines: string[] = [];
  for (const [name, property] of properties(schema)) {
    const description = property['description'];
    if (typeof description === 'string' && indent < 2) lines.push(`// ${description}`);
    const optional = required.includes(name) ? '' : '?';
    lines.push(`${name}${optional}: ${formatType(property, indent)},`);
  }
  return lines.map((line) => ' '.repeat(indent) + line).join('\n');
}

/** The TypeScript-like namespace OpenAI renders tool definitions into before the model sees them. */
export function formatFunctionDefinitions(functions: readonly FunctionDefinition[]): string {
  const lines = ['namespace functions {', ''];
  for (const definition of functions) {
    if (definition.description) lines.push(`// ${definition.description}`);
    const parameters = definition.parameters ?? {};
    if (properties(parameters).length > 0) {
      lines.push(`type ${definition.name} = (_: {`, formatProperties(parameters, 0), '}) => any;');
    } else {
      lines.push(`type ${definition.name} = () => any;`);
    }
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

/**
 * Approximate prompt tokens of `tools`: the rendered namespace plus 9, as measured against the API by
 * the openai-chat-tokens project; the caller subtracts 4 when a system message is present.
 */
export function toolTokens(tools: readonly FunctionTool[], count: CountText): number {
  if (tools.length === 0) return 0;
  return count(formatFunctionDefinitions(tools.map((tool) => tool.function))) + 9;
}
