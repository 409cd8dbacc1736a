import { describe, expect, test, vi } from "vitest";
import { startDeadline } from "../src/client/deadline";

// The deadline is both an emitter (what the undici transport listens on) and, when read, an AbortSignal.
describe("startDeadline", () => {
  test("the timeout fires the emitter's listeners once, sets timedOut, and aborts a signal read before", async () => {
    const deadline = startDeadline(5, undefined);
    const signal = deadline.signal;
    const listener = vi.fn();
    deadline.once("abort", listener);
    await vi.waitFor(() => expect(deadline.aborted).toBe(true));
    expect(deadline.timedOut).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(signal.aborted).toBe(true);
    deadline.dispose();
  });

  test("a signal first read after the abort is already aborted, with the caller's reason", () => {
    const caller = new AbortController();
    const deadline = startDeadline(60_000, caller.signal);
    const reason = new Error("stop");
    caller.abort(reason);
    expect(deadline.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    expect(deadline.reason).toBe(reason);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    deadline.dispose();
  });

  test("an already aborted caller's signal aborts the deadline at once", () => {
    const deadline = startDeadline(60_000, AbortSignal.abort("gone"));
    expect(deadline.aborted).toBe(true);
    expect(deadline.reason).toBe("gone");
    deadline.dispose();
  });

  test("a removed listener is not called; dispose stops the timer and unhooks the caller", async () => {
    const caller = new AbortController();
    const deadline = startDeadline(5, caller.signal);
    const removed = vi.fn();
    deadline.on("abort", removed);
    deadline.removeListener("abort", removed);
    deadline.dispose();
    caller.abort();
    // Longer than the timeout: nothing may fire after dispose.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deadline.aborted).toBe(false);
    expect(removed).not.toHaveBeenCalled();
  });
});
