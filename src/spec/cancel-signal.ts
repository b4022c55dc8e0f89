/**
 * What the SDK reads of a caller's cancellation signal. Every `AbortSignal` is one; the gateway
 * passes a lighter object of its own, so a request does not cost a whole `EventTarget`.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
