import { BadRequestError, UnsupportedParamsError } from '../../errors/index.js';
import type { LiteLLMParams } from '../../spec/litellm-params.js';
import type { ChatCompletionRequest, FunctionDefinition, ToolChoice } from '../../spec/openai-chat.js';
import type { Warning } from '../../spec/warning.js';
import { OPENAI_CHAT_PARAM_SET } from '../openai-params.js';
import { toGeminiGenerationConfig } from './gemini-generation-config.js';
import { toGeminiSchema } from './gemini-schema.js';
import { toGeminiContents } from './to-gemini-contents.js';
import type { GeminiFunctionDeclaration, GeminiGenerateContentRequest, GeminiTool, GeminiToolConfig } from './wire.js';

/** Input of `toGeminiRequest`; reusable by Vertex AI, which differs only in URL and auth. */
export interface GeminiRequestOptions {
  /** The OpenAI chat request (its `model` is not used: Gemini takes the model in the URL). */
  request: ChatCompletionRequest;
  /** The provider's model id, which picks model-specific mappings (Gemini 3 thinking levels …). */
  modelId: string;
  /** LiteLLM call fields read here: `safety_settings`, `extra_body`, `drop_params`. */
  params: LiteLLMParams;
  /** What was dropped or changed is pushed here. */
  warnings: Warning[];
}

// Request fields handled here beside OpenAI's own; anything else is dropped with a warning.
const GEMINI_EXTRA_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'top_k',
  'topK',
  'cached_content',
  'cachedContent',
]);

// Gemini's own tools a caller may pass in `tools` as they are (LiteLLM accepts both spellings).
const NATIVE_TOOLS: Readonly<Record<string, string>> = {
  googleSearch: 'googleSearch',
  google_search: 'googleSearch',
  googleSearchRetrieval: 'googleSearchRetrieval',
  google_search_retrieval: 'googleSearchRetrieval',
  codeExecution: 'codeExecution',
  code_execution: 'codeExecution',
  urlContext: 'urlContext',
  url_context: 'urlContext',
  googleMaps: 'googleMaps',
  google_maps: 'googleMaps',
  enterpriseWebSearch: 'enterpriseWebSearch',
};

/**
 * An OpenAI chat request as the body of Gemini's `generateContent` (also Vertex AI's), following
 * LiteLLM's `_transform_request_body`.
 * @example
 * toGeminiRequest({ request: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }, modelId: 'gemini-2.5-flash', params: {}, warnings: [] })
 * // → { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
 */
export function toGeminiRequest(options: GeminiRequestOptions): GeminiGenerateContentRequest {
  const { request, modelId, params, warnings } = options;
  const { systemInstruction, contents } = toGeminiContents(request.messages, modelId);
  const body: GeminiGenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const tools = toGeminiTools(request);
  if (tools.length > 0) body.tools = tools;
  const toolConfig = toGeminiToolConfig(request.tool_choice ?? functionCallChoice(request.function_call));
  if (toolConfig) body.toolConfig = toolConfig;
  checkParallelToolCalls(request, tools, options);
  if (Array.isArray(params.safety_settings)) body.safetySettings = params.safety_settings;
  const cached = request.cached_content ?? request.cachedContent;
  if (typeof cached === 'string') body.cachedContent = cached;
  const generationConfig = toGeminiGenerationConfig({ request, modelId, warnings });
  if (generationConfig) body.generationConfig = generationConfig;
  warnUnknownFields(request, warnings);
  mergeExtraBody(body, params.extra_body);
  return body;
}

function toGeminiTools(request: ChatCompletionRequest): GeminiTool[] {
  const declarations: GeminiFunctionDeclaration[] = [];
  const native: GeminiTool[] = [];
  for (const tool of (request.tools ?? []) as unknown[]) {
    if (!tool || typeof tool !== 'object') continue;
    const record = tool as Record<string, unknown>;
    if (record.function && typeof record.function === 'object') {
      declarations.push(toFunctionDeclaration(record.function as FunctionDefinition));
      continue;
    }
    const entries = Object.entries(record).filter(([key]) => key !== 'type');
    const [key, value] = entries[0] ?? [];
    const name = key === undefined ? undefined : NATIVE_TOOLS[key];
    if (name && entries.length === 1) native.push({ [name]: value ?? {} } as GeminiTool);
  }
  for (const definition of request.functions ?? []) declarations.push(toFunctionDeclaration(definition));
  const tools: GeminiTool[] = declarations.length > 0 ? [{ functionDeclarations: declarations }] : [];
  if (request.web_search_options && typeof request.web_search_options === 'object') tools.push({ googleSearch: {} });
  return [...tools, ...native];
}

function toFunctionDeclaration(definition: FunctionDefinition): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: definition.name };
  if (definition.description) declaration.description = definition.description;
  const { parameters } = definition;
  if (parameters && typeof parameters === 'object') {
    const schema = toGeminiSchema(parameters);
    // Gemini rejects an OBJECT without properties ("should be non-empty for OBJECT type"); a
    // function without arguments simply has no `parameters`.
    const empty = schema.type === 'OBJECT' && Object.keys((schema.properties as object | undefined) ?? {}).length === 0;
    if (!empty) declaration.parameters = schema;
  }
  return declaration;
}

/**
 * OpenAI `tool_choice` as Gemini's `toolConfig`: `auto` → AUTO, `none` → NONE, `required` → ANY,
 * a named function → ANY limited to that name.
 * @example toGeminiToolConfig('required') // → { functionCallingConfig: { mode: 'ANY' } }
 */
export function toGeminiToolConfig(choice: ToolChoice | undefined): GeminiToolConfig | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  const name = typeof choice === 'object' ? choice.function?.name : undefined;
  if (name) return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  throw new BadRequestError({
    message: `Gemini does not support tool_choice=${JSON.stringify(choice)}; use 'auto', 'none', 'required' or a named function`,
    param: 'tool_choice',
    provider: 'gemini',
  });
}

function functionCallChoice(functionCall: ChatCompletionRequest['function_call']): ToolChoice | undefined {
  if (functionCall === undefined || functionCall === null) return undefined;
  if (typeof functionCall === 'string') return functionCall;
  return { type: 'function', function: { name: functionCall.name } };
}

function checkParallelToolCalls(
  request: ChatCompletionRequest,
  tools: GeminiTool[],
  options: GeminiRequestOptions,
): void {
  const declared = tools.reduce((count, tool) => count + (tool.functionDeclarations?.length ?? 0), 0);
  if (request.parallel_tool_calls !== false || declared <= 1) return;
  // Gemini has no switch for this; LiteLLM refuses it unless parameters may be dropped.
  if (!options.params.drop_params) {
    throw new UnsupportedParamsError({
      message:
        'parallel_tool_calls=false is not supported by Gemini when multiple tools are provided. Pass a single tool, or set drop_params: true.',
      param: 'parallel_tool_calls',
      code: 'unsupported_parameter',
      provider: 'gemini',
      model: options.modelId,
    });
  }
  options.warnings.push({
    type: 'dropped-param',
    param: 'parallel_tool_calls',
    message: 'Gemini cannot forbid parallel tool calls',
  });
}

function warnUnknownFields(request: ChatCompletionRequest, warnings: Warning[]): void {
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined || OPENAI_CHAT_PARAM_SET.has(name) || GEMINI_EXTRA_FIELDS.has(name)) continue;
    warnings.push({ type: 'dropped-param', param: name, message: `Gemini has no '${name}'; it was not sent` });
  }
}

/** `extra_body` wins over what was built, one level deep (LiteLLM's `_pop_and_merge_extra_body`). */
function mergeExtraBody(body: GeminiGenerateContentRequest, extra: unknown): void {
  if (!extra || typeof extra !== 'object' || Array.isArray(extra)) return;
  for (const [key, value] of Object.entries(extra)) {
    const current = body[key];
    const bothObjects = isPlainObject(current) && isPlainObject(value);
    body[key] = bothObjects ? { ...current, ...value } : value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
