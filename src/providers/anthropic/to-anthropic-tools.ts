import type { FunctionTool, ResponseFormat, ToolChoice } from '../../spec/openai-chat.js';
import { invalidContent, readCacheControl } from './to-anthropic-content.js';
import type { AnthropicCustomTool, AnthropicTool, AnthropicToolChoice } from './wire.js';

/** Name of the forced tool behind `response_format` (LiteLLM's `RESPONSE_FORMAT_TOOL_NAME`). */
export const ANTHROPIC_JSON_TOOL_NAME = 'json_tool_call';

// Anthropic's own (server or versioned client) tool types, passed through in Anthropic's shape.
const ANTHROPIC_BUILT_IN_TOOL_PREFIXES = [
  'computer_',
  'web_search',
  'web_fetch',
  'bash',
  'text_editor',
  'code_execution',
];

// LiteLLM's ANTHROPIC_WEB_SEARCH_TOOL_MAX_USES.
const WEB_SEARCH_MAX_USES = { low: 1, medium: 5, high: 10 } as const;

/**
 * OpenAI function tools as Anthropic tools: `{ name, description, input_schema }`, keeping `cache_control`.
 * Tools already in Anthropic's shape (`input_schema`) or Anthropic built-in tools pass through.
 * @example toAnthropicTools([{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }])
 *   // → [{ name: 'f', input_schema: { type: 'object' } }]
 */
export function toAnthropicTools(tools: readonly FunctionTool[]): AnthropicTool[] {
  return tools.map(toAnthropicTool);
}

function toAnthropicTool(tool: FunctionTool): AnthropicTool {
  const record = tool as unknown as Record<string, unknown>;
  if (record.input_schema !== undefined) return record as AnthropicTool;
  if (tool.type === 'function') {
    const definition = tool.function;
    const custom: AnthropicCustomTool = { name: definition.name, input_schema: toInputSchema(definition.parameters) };
    if (definition.description !== undefined) custom.description = definition.description;
    const cacheControl = readCacheControl(tool) ?? readCacheControl(definition);
    if (cacheControl) custom.cache_control = cacheControl;
    return custom;
  }
  const type = String(record.type);
  if (ANTHROPIC_BUILT_IN_TOOL_PREFIXES.some((prefix) => type.startsWith(prefix))) return toBuiltInTool(record, type);
  throw invalidContent(`Unsupported tool type '${type}'`);
}

/** Anthropic requires an object schema; OpenAI lets `parameters` be omitted for a tool without arguments. */
function toInputSchema(parameters: Record<string, unknown> | undefined): Record<string, unknown> {
  return parameters ? { type: 'object', ...parameters } : { type: 'object', properties: {} };
}

/** A built-in tool given OpenAI-style (`{ type, function: { name, parameters } }`) is flattened to Anthropic's shape. */
function toBuiltInTool(record: Record<string, unknown>, type: string): AnthropicTool {
  const { function: definition, ...rest } = record as { function?: { name?: string; parameters?: object } };
  const name = (rest as { name?: string }).name ?? definition?.name ?? type.replace(/_\d+$/, '');
  // Computer tools carry their display size in `parameters` when written OpenAI-style (as LiteLLM reads them).
  const parameters = type.startsWith('computer_') ? definition?.parameters : undefined;
  return { ...rest, ...parameters, type, name };
}

/**
 * OpenAI `tool_choice` + `parallel_tool_calls` as Anthropic's `tool_choice` (LiteLLM's `_map_tool_choice`):
 * auto → auto, required → any, none → none, a named function → tool; `parallel_tool_calls: false` sets
 * `disable_parallel_tool_use: true`.
 * @example toAnthropicToolChoice('required', false) // → { type: 'any', disable_parallel_tool_use: true }
 */
export function toAnthropicToolChoice(
  toolChoice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolChoice | undefined {
  let choice: AnthropicToolChoice | undefined;
  if (toolChoice === 'auto') choice = { type: 'auto' };
  else if (toolChoice === 'required') choice = { type: 'any' };
  else if (toolChoice === 'none') choice = { type: 'none' };
  else if (toolChoice && typeof toolChoice === 'object') choice = { type: 'tool', name: toolChoice.function.name };
  if (parallelToolCalls === undefined || parallelToolCalls === null || choice?.type === 'none') return choice;
  // Anthropic's flag is the inverse of OpenAI's; without a choice, Anthropic's default (auto) carries it.
  return { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: !parallelToolCalls } as AnthropicToolChoice;
}

/**
 * The tool LiteLLM uses for `response_format` (`json_object` / `json_schema`): a tool named
 * `json_tool_call` whose input schema is the requested schema. `undefined` for `{ type: 'text' }`.
 */
export function toAnthropicJsonResponseTool(
  responseFormat: ResponseFormat | undefined,
): AnthropicCustomTool | undefined {
  if (!responseFormat || responseFormat.type === 'text') return undefined;
  const schema =
    responseFormat.type === 'json_schema'
      ? responseFormat.json_schema?.schema
      : ((responseFormat as { response_schema?: Record<string, unknown> }).response_schema ?? undefined);
  // Without a schema any object is fine; Anthropic rejects `properties: null`, hence the explicit empty object.
  const inputSchema = schema
    ? { type: 'object', ...schema }
    : { type: 'object', properties: {}, additionalProperties: true };
  return { name: ANTHROPIC_JSON_TOOL_NAME, input_schema: inputSchema };
}

interface WebSearchOptions {
  search_context_size?: keyof typeof WEB_SEARCH_MAX_USES;
  user_location?: { type?: string; approximate?: Record<string, unknown> } | null;
}

/** OpenAI `web_search_options` as Anthropic's hosted web search tool (as LiteLLM maps it). */
export function toAnthropicWebSearchTool(options: WebSearchOptions): AnthropicTool {
  const tool: AnthropicTool = { type: 'web_search_20250305', name: 'web_search' };
  const maxUses = options.search_context_size ? WEB_SEARCH_MAX_USES[options.search_context_size] : undefined;
  if (maxUses !== undefined) tool.max_uses = maxUses;
  const approximate = options.user_location?.approximate;
  if (approximate) {
    const { city, region, country, timezone } = approximate;
    tool.user_location = { type: 'approximate', ...definedOnly({ city, region, country, timezone }) };
  }
  return tool;
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
}
