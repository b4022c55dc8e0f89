import type { SpendLogRow } from '../../store/spend/spend-log-writer.js';
import type { KeyAccess } from '../keys/key-access.js';
import type { RequestContext } from './request-context.js';
import type { Stage } from './stage.js';

/**
 * Accounts every model call as one spend-log row (LiteLLM's `SpendLogs`), however it ended, and the
 * key's, user's, team's, organisation's and end user's totals with it: handed to the batched writer,
 * never waited on. Calls refused before a model was read (a bad key, a wrong path) are not model calls.
 */
export function spendLogStage(keys: KeyAccess): Stage {
  return {
    name: 'spend-log',
    account(context) {
      const service = keys.current;
      if (!service || context.model === undefined) return;
      service.spend.add(spendLogRow(context));
    },
  };
}

/** The route a call came in on, as LiteLLM's `call_type`. */
function callType(path: string): string {
  if (path.endsWith('/embeddings')) return 'aembedding';
  if (path.endsWith('/messages/count_tokens')) return 'count_tokens';
  if (path.endsWith('/messages')) return 'anthropic_messages';
  if (path.endsWith('/completions') && !path.endsWith('/chat/completions')) return 'atext_completion';
  return 'acompletion';
}

/** One request's row: ids, tokens, cost, times and outcome; never a key (its hash only), a prompt or an answer. */
export function spendLogRow(context: RequestContext): SpendLogRow {
  const { request, caller, usage, route, outcome, timings } = context;
  // Monotonic times made wall-clock once, at the end: `startedAt` and the rest share one origin.
  const wallOffset = Date.now() - performance.now();
  const at = (monotonic: number) => new Date(wallOffset + monotonic);
  const status = outcome?.status ?? 200;
  const params = context.callParams;
  const endUser = typeof params?.user === 'string' ? params.user : undefined;
  return {
    request_id: request.requestId,
    call_type: callType(request.path),
    api_key: caller.keyHash ?? '',
    spend: Number.isFinite(context.cost) ? (context.cost as number) : 0,
    prompt_tokens: usage?.prompt_tokens ?? 0,
    completion_tokens: usage?.completion_tokens ?? 0,
    total_tokens: usage?.total_tokens ?? 0,
    cached_tokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
    start_time: at(timings.startedAt),
    end_time: at(timings.endedAt ?? performance.now()),
    completion_start_time: timings.firstTokenAt === undefined ? null : at(timings.firstTokenAt),
    model: context.model ?? '',
    model_group: route?.model_group || null,
    model_id: route?.model_id ?? null,
    custom_llm_provider: context.provider ?? null,
    api_base: null,
    user_id: caller.userId ?? null,
    team_id: caller.teamId ?? null,
    organization_id: caller.organizationId ?? null,
    end_user: endUser ?? null,
    status: status < 400 ? 'success' : 'failure',
    http_status: status,
    cache_hit: context.cacheHit === true,
    request_tags: JSON.stringify(tagsOf(params)),
    metadata: JSON.stringify(caller.keyAlias ? { user_api_key_alias: caller.keyAlias } : {}),
  };
}

function tagsOf(params: Record<string, unknown> | undefined): string[] {
  const tags = params?.tags ?? (params?.metadata as { tags?: unknown } | undefined)?.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}
