import type { WebhookHandlerOptions } from "@leap-workflows/core";
import { expect } from "vitest";
import { BULK_RUN, RUN, signed } from "./deliveries";
import type { Sent } from "./runtimes";

/** What onRun does in a case. */
type OnRunBehaviour = "record" | "throw";

/** One row of the conformance table: what is sent to a fresh handler, and what must come back. */
export interface HandlerCase {
  name: string;
  /** The handler's secret; `null` for unsigned deliveries confirmed through `confirmWith`. @default SECRET */
  secret?: string | null;
  /** Handler options besides onRun, onBulkRun and onError, which the runner records. */
  options?: WebhookHandlerOptions;
  onRun?: OnRunBehaviour;
  /** Whether the handler has `onBulkRun`. */
  bulk?: boolean;
  /** The requests, signed once and sent in order to each runtime's handler. */
  requests: () => Promise<Sent[]>;
  /** Each answer, matched with `toMatchObject`. */
  answers: { status: number; allow?: string; body: unknown }[];
  /** The run ids onRun and the bulk run ids onBulkRun saw. */
  runs?: string[];
  bulkRuns?: string[];
  /** What onError was told: the verification `reason`, or the thrown error's message. */
  errors?: unknown[];
}

const now = () => Math.floor(Date.now() / 1000);
// A detail of the receiver's own systems: it reaches onError, never the sender.
export const INTERNAL_DETAIL = "postgres://app:hunter2@db.internal";

const withBody = async (body: string, sent: Promise<Sent>): Promise<Sent> => ({ ...(await sent), body });
const error = (type: string) => ({ error: { type } });

export const HANDLER_CASES: HandlerCase[] = [
  {
    name: "a good delivery reaches onRun and is answered 200",
    requests: async () => [await signed(RUN)],
    answers: [{ status: 200, body: { ok: true } }],
    runs: [RUN.id],
  },
  {
    name: "a bad signature is answered 401 no_matching_signature",
    requests: async () => [await withBody(JSON.stringify({ ...RUN, status: "failed" }), signed(RUN))],
    answers: [{ status: 401, body: error("no_matching_signature") }],
    errors: ["no_matching_signature"],
  },
  {
    name: "a stale timestamp is answered 401 timestamp_too_old",
    requests: async () => [await signed(RUN, { timestamp: now() - 3600 })],
    answers: [{ status: 401, body: error("timestamp_too_old") }],
    errors: ["timestamp_too_old"],
  },
  {
    name: "missing webhook headers are answered 401 missing_header",
    requests: async () => [
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(RUN) },
    ],
    answers: [{ status: 401, body: error("missing_header") }],
    errors: ["missing_header"],
  },
  {
    name: "anything but POST is answered 405 with Allow: POST, unread",
    requests: async () => [
      { method: "GET", headers: {}, body: undefined },
      { ...(await signed(RUN)), method: "PUT" },
      { method: "HEAD", headers: {}, body: undefined },
    ],
    answers: [
      { status: 405, allow: "POST", body: error("method_not_allowed") },
      { status: 405, allow: "POST", body: error("method_not_allowed") },
      { status: 405, allow: "POST", body: null },
    ],
  },
  {
    name: "a body over maxBodyBytes is answered 413",
    options: { maxBodyBytes: 256 },
    requests: async () => [await signed({ ...RUN, input: { padding: "x".repeat(2_000) } })],
    answers: [{ status: 413, body: error("body_too_large") }],
  },
  {
    name: "a signed body that is not JSON is answered 400 invalid_body",
    requests: async () => [await signed("{not json")],
    answers: [{ status: 400, body: error("invalid_body") }],
    errors: ["invalid_body"],
  },
  {
    name: "onRun throwing is answered 500 handler_failed (the sender retries) and told to onError",
    onRun: "throw",
    requests: async () => [await signed(RUN)],
    answers: [{ status: 500, body: error("handler_failed") }],
    runs: [RUN.id],
    errors: [INTERNAL_DETAIL],
  },
  {
    name: "an unexpected error (confirmWith's client throwing a TypeError) is answered 500 and told to onError",
    secret: null,
    options: {
      confirmWith: {
        runs: {
          retrieve: () => {
            throw new TypeError(INTERNAL_DETAIL);
          },
        },
      },
    },
    requests: async () => [
      {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": "msg_unsigned" },
        body: JSON.stringify(RUN),
      },
    ],
    answers: [{ status: 500, body: error("handler_failed") }],
    errors: [INTERNAL_DETAIL],
  },
  {
    name: "a repeated delivery (same webhook-id) reaches onRun once and is answered 200 duplicate",
    requests: async () => {
      const delivery = await signed(RUN);
      return [delivery, delivery];
    },
    answers: [
      { status: 200, body: { ok: true } },
      { status: 200, body: { ok: true, duplicate: true } },
    ],
    runs: [RUN.id],
  },
  {
    name: "an id store that does not answer within storeTimeoutMs is answered 503 (the sender retries)",
    options: {
      storeTimeoutMs: 50,
      dedupe: { claim: () => new Promise(() => {}), complete: () => {}, release: () => {} },
    },
    requests: async () => [await signed(RUN)],
    answers: [{ status: 503, body: error("id_store_timeout") }],
    errors: [expect.stringMatching(/id store's claim took over 50 ms/)],
  },
  {
    name: "a bulk run's delivery reaches onBulkRun",
    bulk: true,
    requests: async () => [await signed(BULK_RUN)],
    answers: [{ status: 200, body: { ok: true } }],
    bulkRuns: [BULK_RUN.id],
  },
  {
    name: "a bulk run's delivery without onBulkRun is answered 400 naming the option",
    requests: async () => [await signed(BULK_RUN)],
    answers: [
      { status: 400, body: { error: { type: "invalid_body", message: expect.stringMatching(/onBulkRun/) } } },
    ],
    errors: ["invalid_body"],
  },
];
