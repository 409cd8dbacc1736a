/** What the proxy does with one request. */
export type Fault =
  /** Forward and relay the answer unchanged. */
  | { kind: "pass" }
  /** Drop the connection before forwarding: the API never saw the request. */
  | { kind: "reset-before" }
  /** Forward, let the API do the work, then drop the connection: the client never sees the answer. */
  | { kind: "reset-after" }
  /** Answer this status without forwarding, e.g. 500/502/503, or 429 with `retry-after`. */
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  /** Never answer (the client's timeout must end it). */
  | { kind: "stall-headers" }
  /** Forward, send the headers and half the body, then stall. */
  | { kind: "stall-body" }
  /** Forward, send the headers (full content-length) and half the body, then close. */
  | { kind: "truncate" }
  /** Answer 200 with an HTML page instead of JSON, without forwarding. */
  | { kind: "non-json" }
  /** Forward, but relay the answer with `content-type: text/html`. */
  | { kind: "wrong-content-type" };

/** The request a fault is chosen for; `index` counts every request the proxy saw, from 0. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  index: number;
}

export type ChooseFault = (request: ProxiedRequest) => Fault;

/** Applies `faults` to the next requests in order, one each, then passes everything. */
export function faultQueue(...faults: Fault[]): ChooseFault {
  const queue = [...faults];
  return () => queue.shift() ?? { kind: "pass" };
}

/** A weighted random mix of faults, seeded so that a failing soak run can be replayed. */
export function faultMix(weights: [Fault, number][], seed = 1): ChooseFault {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: deterministic and good enough to spread faults.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let pick = random() * total;
    for (const [fault, weight] of weights) {
      pick -= weight;
      if (pick < 0) return fault;
    }
    return { kind: "pass" };
  };
}
