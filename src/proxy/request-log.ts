import { redactSecrets } from './redact.js';

/** One line per request; never a key, a prompt or an answer. */
export interface RequestLogEntry {
  request_id: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  model?: string | undefined;
  model_group?: string | undefined;
  deployment_id?: string | undefined;
  provider?: string | undefined;
  stream?: boolean | undefined;
  prompt_tokens?: number | undefined;
  completion_tokens?: number | undefined;
  total_tokens?: number | undefined;
  response_cost?: number | undefined;
  error_type?: string | undefined;
  error?: string | undefined;
}

/** How long a log line may wait for its batch. Shutdown flushes what is pending. */
const FLUSH_MS = 50;

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';

/**
 * Structured JSON logs, batched off the request path: lines collect in memory and are written in
 * one `write` per 50 ms (or when the batch grows large), so logging costs the hot path one
 * array push.
 */
export class RequestLog {
  private pending: string[] = [];
  private pendingBytes = 0;
  private scheduled = false;

  constructor(
    private readonly level: LogLevel,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  /** Logs a finished request (level info). */
  request(entry: RequestLogEntry): void {
    if (this.level !== 'info' && this.level !== 'debug') return;
    // Redacted here too, whoever filled it: an error message may echo a key or a signed URL.
    if (entry.error !== undefined) entry.error = redactSecrets(entry.error);
    // The entry's own JSON after the common prefix: one serialisation, no copy of the entry.
    const fields = JSON.stringify(entry);
    const rest = fields.length > 2 ? `,${fields.slice(1)}` : '}';
    this.pushLine(`{"time":"${new Date().toISOString()}","level":"info","msg":"request"${rest}\n`);
  }

  /** Logs a message at a level, with fields that must never hold secrets. */
  log(level: 'error' | 'info' | 'debug' | 'warn', message: string, fields: Record<string, unknown> = {}): void {
    if (this.level === 'silent') return;
    if (level === 'debug' && this.level !== 'debug') return;
    if (level === 'info' && this.level === 'error') return;
    // Rare lines (start-up, warnings, unexpected errors): every string is redacted, whatever the caller passed.
    const record: Record<string, unknown> = { time: new Date().toISOString(), level, msg: redactSecrets(message) };
    for (const name in fields) {
      const value = fields[name];
      record[name] = typeof value === 'string' ? redactSecrets(value) : value;
    }
    this.push(record);
  }

  /** Writes everything pending now (shutdown). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.write(text);
  }

  private push(record: Record<string, unknown>): void {
    this.pushLine(`${JSON.stringify(record)}\n`);
  }

  private pushLine(line: string): void {
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes > 64 * 1024) {
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      // Within FLUSH_MS rather than at the end of this turn: one write per batch however light the
      // load (a write per request would cost a syscall each at low concurrency).
      setTimeout(() => this.flush(), FLUSH_MS).unref();
    }
  }
}
