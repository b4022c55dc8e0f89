/**
 * A first-in, first-out queue of rows waiting to be written, each stamped with the order it was
 * added in (so `flush()` knows when everything added before it has gone). Pushing and shifting are
 * O(1): a head index into an array that is compacted only once most of it is spent.
 *
 * @example
 * const rows = new PendingRows<string>();
 * rows.push('a'); rows.take(10); // [{ sequence: 1, row: 'a' }]
 */
export class PendingRows<Row> {
  #entries: { sequence: number; row: Row }[] = [];
  #head = 0;
  #lastSequence = 0;

  get length(): number {
    return this.#entries.length - this.#head;
  }

  /** The sequence number of the last row ever pushed (0 before the first). */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  /** The sequence number of the oldest queued row, or `Infinity` when the queue is empty. */
  get oldestSequence(): number {
    return this.#entries[this.#head]?.sequence ?? Number.POSITIVE_INFINITY;
  }

  push(row: Row): void {
    this.#lastSequence += 1;
    this.#entries.push({ sequence: this.#lastSequence, row });
  }

  /** Removes up to `count` of the oldest rows and returns how many went. */
  dropOldest(count: number): number {
    const dropped = Math.min(count, this.length);
    for (let index = this.#head; index < this.#head + dropped; index++) this.#entries[index] = undefined as never;
    this.#head += dropped;
    this.#compact();
    return dropped;
  }

  /** Removes and returns up to `count` of the oldest rows. */
  take(count: number): { sequence: number; row: Row }[] {
    const taken = this.#entries.slice(this.#head, this.#head + count);
    this.dropOldest(taken.length);
    return taken;
  }

  /** Puts rows taken earlier back in front, in their order (a write that failed). */
  putBack(entries: readonly { sequence: number; row: Row }[]): void {
    if (entries.length === 0) return;
    this.#entries = [...entries, ...this.#entries.slice(this.#head)];
    this.#head = 0;
  }

  #compact(): void {
    if (this.#head === this.#entries.length) {
      this.#entries = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}
