import type { CancelSignal } from '../spec/cancel-signal.js';
import type { TransportRequest } from '../spec/transport.js';

/**
 * The cancellation of one call or request: the part of `AbortController` and `AbortSignal` that
 * llmux reads, without an `EventTarget` each time (on the gateway's request path an
 * `AbortController` was the largest single allocation; docs/benchmarks.md). A standard
 * `AbortSignal` is made only when something needs one, such as `fetch`.
 * @example
 * const cancellation = new Cancellation();
 * cancellation.addEventListener('abort', () => console.log(cancellation.reason));
 * cancellation.abort(new DOMException('client disconnected', 'AbortError'));
 */
export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined;
  private standard: AbortController | undefined;

  /** Listeners run once, on abort (as with `{ once: true }`); none is added once aborted. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    if (this.listeners) this.listeners.push(listener);
    else this.listeners = [listener];
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index !== -1) this.listeners?.splice(index, 1);
  }

  /** Aborts once; `aborted` and `reason` are set before the listeners run. The reason defaults to an `AbortError`. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
    this.standard?.abort(this.reason);
  }

  /** A standard `AbortSignal` that follows this cancellation, made on first use. */
  toAbortSignal(): AbortSignal {
    if (!this.standard) {
      this.standard = new AbortController();
      if (this.aborted) this.standard.abort(this.reason);
    }
    return this.standard.signal;
  }
}

/** A standard `AbortSignal` for a cancel signal: itself if it is one, made from a `Cancellation`. */
export function abortSignalOf(cancel: CancelSignal | undefined): AbortSignal | undefined {
  if (cancel instanceof Cancellation) return cancel.toAbortSignal();
  return cancel instanceof AbortSignal ? cancel : undefined;
}

/**
 * A transport request whose `signal` is made only when a transport reads it (a prototype getter:
 * an object literal with a getter costs an accessor and a closure per request).
 */
export class LazySignalRequest implements TransportRequest {
  constructor(
    readonly url: string,
    readonly method: 'GET' | 'POST',
    readonly headers: Record<string, string>,
    readonly body: string | Uint8Array | undefined,
    readonly cancel: CancelSignal | undefined,
  ) {}

  get signal(): AbortSignal | undefined {
    return abortSignalOf(this.cancel);
  }
}
