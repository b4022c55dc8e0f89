/** A counter increment waiting to be written: `rpm` or `tpm` of one deployment in one minute window. */
export interface CounterDelta {
  deploymentId: string;
  field: 'rpm' | 'tpm';
  window: number;
  amount: number;
}

/** A latency sample waiting to be written; `member` is unique per instance and sample. */
export interface PendingSample {
  deploymentId: string;
  member: string;
  at: number;
}

export interface WriteBatch {
  counters: CounterDelta[];
  samples: PendingSample[];
}

const MAX_PENDING_SAMPLES = 1000;

/**
 * Writes the hot path does not wait for: counter increments (merged per key) and latency samples.
 * A batch being written still counts in `pendingFor` until it is settled, so reads never dip
 * between "sent" and "reply applied to the mirror"; a failed batch is queued again (current
 * window only) so an outage's counts reach Redis when it returns.
 */
export class RedisWriteBuffer {
  #counters = new Map<string, CounterDelta>();
  #samples: PendingSample[] = [];
  readonly #inFlight = new Set<WriteBatch>();

  get size(): number {
    return this.#counters.size + this.#samples.length;
  }

  addCounter(delta: CounterDelta): void {
    const key = `${delta.field}\n${delta.deploymentId}\n${delta.window}`;
    const current = this.#counters.get(key);
    if (current) current.amount += delta.amount;
    else this.#counters.set(key, { ...delta });
  }

  addSample(sample: PendingSample): void {
    this.#samples.push(sample);
    if (this.#samples.length > MAX_PENDING_SAMPLES) this.#samples.shift();
  }

  /** Unwritten and being-written increments of one counter. */
  pendingFor(deploymentId: string, field: 'rpm' | 'tpm', window: number): number {
    let total = this.#counters.get(`${field}\n${deploymentId}\n${window}`)?.amount ?? 0;
    for (const batch of this.#inFlight) {
      for (const delta of batch.counters) {
        if (delta.deploymentId === deploymentId && delta.field === field && delta.window === window) {
          total += delta.amount;
        }
      }
    }
    return total;
  }

  /** Hands everything pending to a writer; call `settle` with the outcome. */
  take(): WriteBatch {
    const batch = { counters: [...this.#counters.values()], samples: this.#samples };
    this.#counters = new Map();
    this.#samples = [];
    this.#inFlight.add(batch);
    return batch;
  }

  settle(batch: WriteBatch, written: boolean, currentWindow: number): void {
    this.#inFlight.delete(batch);
    if (written) return;
    for (const delta of batch.counters) if (delta.window >= currentWindow) this.addCounter(delta);
    for (const sample of batch.samples) this.addSample(sample);
  }
}
