import { ApiFailure } from "./api-failure";

/** Whether the engine still takes new runs: closed once it starts stopping, and never opened again. */
export class Accepting {
  #open = true;

  get stopped(): boolean {
    return !this.#open;
  }

  close(): void {
    this.#open = false;
  }

  /** A 503 once the dev server is shutting down. */
  assert(): void {
    if (!this.#open) {
      throw new ApiFailure(503, "shutting_down", "The dev server is shutting down; retry once it is back");
    }
  }
}
