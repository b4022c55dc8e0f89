import type { CancelSignal } from '../../spec/cancel-signal.js';

/**
 * Fires when the client of one request goes away. It has the part of `AbortSignal` the SDK reads
 * (`CancelSignal`) without being an `EventTarget`: an `AbortController` per request was the largest
 * single allocation of the gateway's request path (docs/benchmarks.md).
 */
export class ClientSignal implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    if (this.listeners) this.listeners.push(listener);
    else this.listeners = [listener];
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index !== -1) this.listeners?.splice(index, 1);
  }

  /** Marks the signal aborted and calls each listener once (listeners are all `once`, as the SDK adds them). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }
}
