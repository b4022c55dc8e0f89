/**
 * Gemini `generateContent` / `streamGenerateContent` / `batchEmbedContents` wire types (v1beta),
 * only the fields llmux writes or reads. Field names follow Google's JSON (camelCase) as in
 * `shared/specs/gemini-v1beta-openapi.json`; Vertex AI accepts the same bodies.
 */

/** Inline bytes: images, audio, PDFs sent as base64. */
export interface GeminiBlob {
  mimeType: string;
  data: string;
}

/** A file by URI: `gs://`, `https://` or a Files API URI. */
export interface GeminiFileData {
  fileUri: string;
  mimeType?: string;
}

/** One piece of a streamed function call's arguments (Vertex `streamFunctionCallArguments`). */
export interface GeminiPartialArg {
  /** `$.location`, `$.recipe.ingredients[0].name` … */
  jsonPath?: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: unknown;
  willContinue?: boolean;
}

/** A function call the model made, whole (`args`) or streamed (`partialArgs`). */
export interface GeminiFunctionCall {
  /** Absent on the continuation events of a streamed call. */
  name?: string;
  args?: Record<string, unknown>;
  partialArgs?: GeminiPartialArg[];
  /** More events of this call follow. */
  willContinue?: boolean;
}

/** A tool's result sent back to the model. */
export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
}

/** One part of a turn; exactly one of its data fields is set. */
export interface GeminiPart {
  text?: string;
  /** The part is the model's thinking, not its answer. */
  thought?: boolean;
  /** Opaque; Gemini 3 wants it back on the function-call parts of the current turn. */
  thoughtSignature?: string;
  inlineData?: GeminiBlob;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

/** Gemini has two roles; tool results travel in `user` turns. */
export type GeminiRole = 'user' | 'model';

/** One turn of the conversation, or the system instruction (no role). */
export interface GeminiContent {
  role?: GeminiRole;
  parts: GeminiPart[];
}

/** A JSON object: Gemini's OpenAPI-subset `Schema`, or a JSON Schema for `responseJsonSchema`. */
export type GeminiSchema = Record<string, unknown>;

/** A function the model may call. */
export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
}

/** One entry of `tools`. */
export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[];
  /** Grounding with Google Search (`web_search_options`). */
  googleSearch?: Record<string, never>;
}

/** `tool_choice`'s Gemini modes. */
export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';

/** How the model may call functions. */
export interface GeminiToolConfig {
  functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
}

/** Thinking settings: a token budget (Gemini 2.5) or a level (Gemini 3). */
export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  /** Gemini 3: `minimal` | `low` | `medium` | `high`. */
  thinkingLevel?: string;
}

/** Sampling, output and thinking settings. */
export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  logprobs?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  responseJsonSchema?: GeminiSchema;
  responseModalities?: string[];
  thinkingConfig?: GeminiThinkingConfig;
}

/** The body of `POST models/{model}:generateContent` (the model travels in the path). */
export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  safetySettings?: unknown[];
  generationConfig?: GeminiGenerationConfig;
  cachedContent?: string;
  [extra: string]: unknown;
}

/** A token and its log probability. */
export interface GeminiLogprobCandidate {
  token?: string;
  logProbability?: number;
}

/** Log probabilities of a candidate (`responseLogprobs`). */
export interface GeminiLogprobsResult {
  chosenCandidates?: GeminiLogprobCandidate[];
  topCandidates?: { candidates?: GeminiLogprobCandidate[] }[];
}

/** One generated answer (`candidateCount` > 1 gives several). */
export interface GeminiCandidate {
  index?: number;
  content?: { role?: string; parts?: GeminiPart[] };
  /** `STOP`, `MAX_TOKENS`, `SAFETY` …; absent until the candidate is done. */
  finishReason?: string;
  logprobsResult?: GeminiLogprobsResult;
}

/** Token counts; in a stream, running totals on every event. */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  /** Thinking tokens, billed as output but not counted in `candidatesTokenCount`. */
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
  promptTokensDetails?: { modality?: string; tokenCount?: number }[];
}

/** A whole response, and also each SSE event of a stream. */
export interface GeminiGenerateContentResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

/** One entry of Google's `error.details` (`google.rpc.RetryInfo`, `ErrorInfo`, `QuotaFailure` …). */
export interface GeminiErrorDetail {
  '@type'?: string;
  /** `RetryInfo`: a protobuf Duration such as `"34.4s"`. */
  retryDelay?: string;
  /** `ErrorInfo`: e.g. `API_KEY_INVALID`. */
  reason?: string;
}

/** Google's error envelope, for HTTP errors and for errors sent inside a stream. */
export interface GeminiErrorBody {
  error: { code?: number; message?: string; status?: string; details?: GeminiErrorDetail[] };
}

/** One text to embed. */
export interface GeminiEmbedContentRequest {
  /** `models/{model}`, the same model as in the path. */
  model: string;
  content: { parts: { text: string }[] };
  outputDimensionality?: number;
  taskType?: string;
  title?: string;
}

/** The body of `POST models/{model}:batchEmbedContents`. */
export interface GeminiBatchEmbedContentsRequest {
  requests: GeminiEmbedContentRequest[];
}

/** The answer of `batchEmbedContents`, in request order. */
export interface GeminiBatchEmbedContentsResponse {
  embeddings?: { values?: number[] }[];
  usageMetadata?: { promptTokenCount?: number; totalTokenCount?: number };
}
