/**
 * Shared helpers for the Anthropic provider tests: SSE framing with pings, what a recorded stream
 * should yield (read straight from its events), and hand reassembly of the chunks. Kept pure (no
 * `node:` imports) because the layer check walks this folder too; excluded from the build.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ChatCompletionChunk } from '../../../spec/openai-chat.js';

export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A validator for `CreateMessageParams` of Anthropic's spec (or its beta variant, for betas-flagged bodies). */
export function createAnthropicBodyValidator(spec: { components: unknown }) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'anthropic', components: spec.components });
  const plain: ValidateFunction = ajv.compile({ $ref: 'anthropic#/components/schemas/CreateMessageParams' });
  // Features behind an `anthropic-beta` flag (computer use, uploaded files …) are only in the beta schema.
  const beta: ValidateFunction = ajv.compile({ $ref: 'anthropic#/components/schemas/BetaCreateMessageParams' });
  return (body: unknown, options: { beta?: boolean } = {}): void => {
    const validate = options.beta ? beta : plain;
    if (!validate(body)) {
      const errors = JSON.stringify(validate.errors?.slice(0, 4), null, 1);
      throw new Error(`body does not match CreateMessageParams: ${errors}\n${JSON.stringify(body).slice(0, 600)}`);
    }
  };
}

export const SEEDS = [1, 7, 42, 1234];
const PING_FRAME = 'event: ping\ndata: {"type": "ping"}\n\n';
// The test's own reading of Anthropic's stop reasons, written independently of the code under test.
export const EXPECTED_FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
};

/** Anthropic SSE framing with extra `event: ping` frames, as the live API sends them. */
export function framesWithPings(lines: string[]): string[] {
  const frames = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`);
  return [frames[0] ?? '', PING_FRAME, ...frames.slice(1, -1), PING_FRAME, PING_FRAME, frames.at(-1) ?? ''];
}

export interface ExpectedStream {
  id: string;
  model: string;
  text: string;
  reasoning: string;
  signatures: string[];
  toolCalls: { id: string; name: string; input: unknown }[];
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  cacheRead: number;
  cacheCreation: number;
}

/** What a recorded stream says, read straight from its events. */
export function expectedFromLines(lines: string[]): ExpectedStream {
  const expected: ExpectedStream = {
    id: '',
    model: '',
    text: '',
    reasoning: '',
    signatures: [],
    toolCalls: [],
    finishReason: '',
    promptTokens: 0,
    completionTokens: 0,
    cacheRead: 0,
    cacheCreation: 0,
  };
  const toolJson = new Map<number, { id: string; name: string; json: string }>();
  let usage: Record<string, number | null | undefined> = {};
  for (const event of lines.map((line) => JSON.parse(line))) {
    if (event.type === 'message_start') {
      expected.id = event.message.id;
      expected.model = event.message.model;
      usage = { ...event.message.usage };
    } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
      toolJson.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
    } else if (event.type === 'content_block_delta') {
      const { delta } = event;
      if (delta.type === 'text_delta') expected.text += delta.text;
      if (delta.type === 'thinking_delta') expected.reasoning += delta.thinking;
      if (delta.type === 'signature_delta') expected.signatures.push(delta.signature);
      if (delta.type === 'input_json_delta') (toolJson.get(event.index) as { json: string }).json += delta.partial_json;
    } else if (event.type === 'message_delta') {
      expected.finishReason = EXPECTED_FINISH[event.delta.stop_reason] ?? '?';
      for (const [name, value] of Object.entries(event.usage ?? {})) if (typeof value === 'number') usage[name] = value;
    }
  }
  expected.toolCalls = [...toolJson.values()].map((call) => ({
    id: call.id,
    name: call.name,
    input: JSON.parse(call.json || '{}'),
  }));
  expected.cacheRead = usage.cache_read_input_tokens ?? 0;
  expected.cacheCreation = usage.cache_creation_input_tokens ?? 0;
  expected.promptTokens = (usage.input_tokens ?? 0) + expected.cacheRead + expected.cacheCreation;
  expected.completionTokens = usage.output_tokens ?? 0;
  return expected;
}

/** The stream put back together by hand, without the SDK's accumulator. */
export function reassemble(chunks: ChatCompletionChunk[]) {
  let content = '';
  let reasoning = '';
  const signatures: string[] = [];
  const toolCalls: { id: string; name: string; arguments: string }[] = [];
  for (const chunk of chunks) {
    const delta = chunk.choices[0]?.delta;
    if (!delta) continue;
    content += delta.content ?? '';
    reasoning += delta.reasoning_content ?? '';
    for (const block of delta.thinking_blocks ?? []) if (block.signature) signatures.push(block.signature);
    for (const call of delta.tool_calls ?? []) {
      toolCalls[call.index] ??= { id: '', name: '', arguments: '' };
      const target = toolCalls[call.index] as { id: string; name: string; arguments: string };
      if (call.id) target.id = call.id;
      if (call.function?.name) target.name += call.function.name;
      target.arguments += call.function?.arguments ?? '';
    }
  }
  return { content, reasoning, signatures, toolCalls };
}
