import { LLMuxError } from '../../errors/index.js';
import { redactSecrets } from '../redact.js';
import type { RequestLog, RequestLogEntry } from '../request-log.js';
import type { RequestContext } from './request-context.js';
import type { Stage } from './stage.js';

/** Accounts every request as one structured log line (batched by `RequestLog`, secrets redacted). */
export function requestLogStage(log: RequestLog): Stage {
  return {
    name: 'request-log',
    account(context) {
      log.request(logEntry(context));
      const error = context.outcome?.error;
      if (error !== undefined && !(error instanceof LLMuxError)) {
        log.log('error', 'unexpected error', { request_id: context.request.requestId, error: String(error) });
      }
    },
  };
}

/** The log line of a finished request. The type makes a field added to `RequestLogEntry` and forgotten here a compile error. */
function logEntry(context: RequestContext): RequestLogEntry {
  const { request, route, usage, outcome, timings } = context;
  const error = outcome?.error;
  const typed = error instanceof LLMuxError ? error : undefined;
  const entry: Record<keyof RequestLogEntry, string | number | boolean | undefined> = {
    request_id: request.requestId,
    method: request.method,
    path: request.path,
    model: context.model,
    model_group: route?.model_group || undefined,
    stream: context.stream,
    provider: context.provider,
    deployment_id: route?.model_id,
    prompt_tokens: usage?.prompt_tokens,
    completion_tokens: usage?.completion_tokens,
    total_tokens: usage?.total_tokens,
    response_cost: context.cost,
    status: outcome?.status ?? 200,
    latency_ms: Math.round(((timings.endedAt ?? performance.now()) - timings.startedAt) * 100) / 100,
    error_type: error === undefined ? undefined : (typed?.type ?? 'internal_error'),
    error: error === undefined ? undefined : redactSecrets(typed?.message ?? String(error)).slice(0, 500),
  };
  return entry as unknown as RequestLogEntry;
}
