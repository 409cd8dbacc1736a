/** Bytes held by one CSV read until `release()`. */
export interface CsvReservation {
  /** Gives back what the CSV will not use, once its size is known (never grows the reservation). */
  shrinkTo(bytes: number): void;
  /** Gives back the rest (idempotent). */
  release(): void;
}

interface Waiter {
  bytes: number;
  grant(reservation: CsvReservation): void;
}

/**
 * The CSV bytes held at once across bulk runs. A read reserves the most it may take before it starts, gives
 * back what it does not need once the size is known, and the rest when its rows are stored; reads that do
 * not fit wait their turn, in the order they came, so a large one is never starved by small ones.
 */
export class CsvMemoryBudget {
  readonly limit: number;
  #held = 0;
  #peak = 0;
  readonly #queue: Waiter[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes reserved now. */
  get held(): number {
    return this.#held;
  }

  /** The most bytes ever reserved at once. */
  get peak(): number {
    return this.#peak;
  }

  /** Reads waiting for their turn. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves once `bytes` (at most `limit`) fit after every earlier waiter; rejects when `signal` aborts. */
  reserve(bytes: number, signal?: AbortSignal): Promise<CsvReservation> {
    signal?.throwIfAborted();
    const wanted = Math.min(bytes, this.limit);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        bytes: wanted,
        grant: (reservation) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(reservation);
        },
      };
      const onAbort = () => {
        const index = this.#queue.indexOf(waiter);
        if (index !== -1) this.#queue.splice(index, 1);
        reject(signal?.reason);
        this.#grantWaiters();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#grantWaiters();
    });
  }

  #grantWaiters(): void {
    for (let head = this.#queue[0]; head && this.#held + head.bytes <= this.limit; head = this.#queue[0]) {
      this.#queue.shift();
      this.#held += head.bytes;
      this.#peak = Math.max(this.#peak, this.#held);
      head.grant(this.#reservation(head.bytes));
    }
  }

  #reservation(bytes: number): CsvReservation {
    let kept = bytes;
    const giveBack = (amount: number) => {
      kept -= amount;
      this.#held -= amount;
      this.#grantWaiters();
    };
    return {
      shrinkTo: (size) => {
        if (size < kept) giveBack(kept - Math.max(0, size));
      },
      release: () => {
        if (kept > 0) giveBack(kept);
      },
    };
  }
}
