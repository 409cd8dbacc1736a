import { expect, test } from "vitest";
import { traceIdOf, traceIdOfUrl } from "../src/trace";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

test("reads the trace id of a W3C traceparent", () => {
  expect(traceIdOf(TRACEPARENT)).toBe(TRACE_ID);
  expect(traceIdOf(` ${TRACEPARENT.toUpperCase()} `)).toBe(TRACE_ID);
});

test("a missing or malformed traceparent has no trace id (nothing is shown)", () => {
  for (const value of [
    null,
    undefined,
    "",
    `01-${TRACE_ID}-00f067aa0ba902b7-01`,
    `00-${TRACE_ID}-00f067aa0ba902b7`,
    `00-${TRACE_ID.slice(1)}-00f067aa0ba902b7-01`,
    `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
    `00-${TRACE_ID}-${"0".repeat(16)}-01`,
    `00-${TRACE_ID.replace("4", "g")}-00f067aa0ba902b7-01`,
  ]) {
    expect(traceIdOf(value)).toBeNull();
  }
});

test("reads the traceparent query parameter of a webhook URL", () => {
  expect(traceIdOfUrl(`http://127.0.0.1:4000/webhooks/fanout?outage=1&traceparent=${TRACEPARENT}`)).toBe(
    TRACE_ID,
  );
  expect(traceIdOfUrl("http://127.0.0.1:4000/webhooks/fanout?outage=1")).toBeNull();
  expect(traceIdOfUrl("not a url")).toBeNull();
  expect(traceIdOfUrl(null)).toBeNull();
});
