import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ThinkingBlock,
  ToolCall,
  Usage,
} from '../spec/openai-chat.js';

interface ChoiceDraft {
  content: string;
  hasContent: boolean;
  refusal: string | null;
  reasoning: string;
  thinkingBlocks: ThinkingBlock[];
  toolCalls: ToolCall[];
  finishReason: ChatCompletionChoice['finish_reason'] | null;
}

/** Rebuilds a whole `chat.completion` from stream chunks as they pass, without keeping the chunks. */
export class ChunkAccumulator {
  private id = '';
  private model = '';
  private created = 0;
  private systemFingerprint: string | null = null;
  private readonly choices = new Map<number, ChoiceDraft>();
  usage: Usage | undefined;

  add(chunk: ChatCompletionChunk): void {
    this.id ||= chunk.id;
    this.model ||= chunk.model;
    this.created ||= chunk.created;
    this.systemFingerprint ??= chunk.system_fingerprint ?? null;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const draft = this.draft(choice.index);
      const { delta } = choice;
      if (typeof delta.content === 'string') {
        draft.content += delta.content;
        draft.hasContent = true;
      }
      if (typeof delta.refusal === 'string') draft.refusal = (draft.refusal ?? '') + delta.refusal;
      if (delta.reasoning_content) draft.reasoning += delta.reasoning_content;
      if (delta.thinking_blocks) mergeThinkingBlocks(draft.thinkingBlocks, delta.thinking_blocks);
      for (const call of delta.tool_calls ?? []) {
        let existing = draft.toolCalls[call.index];
        if (!existing) {
          existing = { id: '', type: 'function', function: { name: '', arguments: '' } };
          draft.toolCalls[call.index] = existing;
        }
        if (call.id) existing.id = call.id;
        if (call.function?.name) existing.function.name += call.function.name;
        if (call.function?.arguments) existing.function.arguments += call.function.arguments;
      }
      if (choice.finish_reason) draft.finishReason = choice.finish_reason;
    }
  }

  /** The text produced so far, all choices together (for token estimates). */
  outputText(): string {
    let text = '';
    for (const draft of this.choices.values()) {
      text += draft.content + draft.reasoning;
      for (const call of draft.toolCalls) if (call) text += call.function.name + call.function.arguments;
    }
    return text;
  }

  /** The completion the chunks add up to. */
  build(): ChatCompletion {
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    return {
      id: this.id || `chatcmpl-${crypto.randomUUID()}`,
      object: 'chat.completion',
      created: this.created || Math.floor(Date.now() / 1000),
      model: this.model,
      choices: indexes.map((index) => buildChoice(index, this.choices.get(index) as ChoiceDraft)),
      usage: this.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      ...(this.systemFingerprint ? { system_fingerprint: this.systemFingerprint } : {}),
    };
  }

  private draft(index: number): ChoiceDraft {
    let draft = this.choices.get(index);
    if (!draft) {
      draft = {
        content: '',
        hasContent: false,
        refusal: null,
        reasoning: '',
        thinkingBlocks: [],
        toolCalls: [],
        finishReason: null,
      };
      this.choices.set(index, draft);
    }
    return draft;
  }
}

function buildChoice(index: number, draft: ChoiceDraft): ChatCompletionChoice {
  const toolCalls = draft.toolCalls.filter(Boolean);
  const choice: ChatCompletionChoice = {
    index,
    message: { role: 'assistant', content: draft.hasContent ? draft.content : null, refusal: draft.refusal },
    finish_reason: draft.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    logprobs: null,
  };
  if (toolCalls.length > 0) choice.message.tool_calls = toolCalls;
  if (draft.reasoning) choice.message.reasoning_content = draft.reasoning;
  if (draft.thinkingBlocks.length > 0) choice.message.thinking_blocks = draft.thinkingBlocks;
  return choice;
}

/** Thinking text and its signature arrive in separate deltas of the same block. */
function mergeThinkingBlocks(target: ThinkingBlock[], incoming: ThinkingBlock[]): void {
  for (const block of incoming) {
    const last = target[target.length - 1];
    if (last && last.type === block.type && block.type === 'thinking' && !last.signature) {
      if (block.thinking) last.thinking = (last.thinking ?? '') + block.thinking;
      if (block.signature) last.signature = block.signature;
    } else {
      target.push({ ...block });
    }
  }
}

/** LiteLLM's `stream_chunk_builder`: the whole response from a list of chunks. */
export function streamChunkBuilder(chunks: Iterable<ChatCompletionChunk>): ChatCompletion {
  const accumulator = new ChunkAccumulator();
  for (const chunk of chunks) accumulator.add(chunk);
  return accumulator.build();
}
