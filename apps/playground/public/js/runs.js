// The Runs list: each run with the steps it went through, its output or error, and its webhook story.
import { duration, el, outcomeText, timeOf, tone } from "./dom.js";
import { isFinal } from "./state.js";
import { webhookStory } from "./webhook-story.js";

/** "queued 0.01 s → running 0.20 s → completed", from the run's own timestamps (live ones up to now). */
export function steps(run) {
  const created = timeOf(run.created_at);
  const started = timeOf(run.started_at);
  const ended = timeOf(run.ended_at);
  const parts = [];
  if (Number.isFinite(started) && started - created > 0) parts.push(`queued ${duration(started - created)}`);
  if (Number.isFinite(started)) {
    parts.push(`running ${duration((Number.isFinite(ended) ? ended : Date.now()) - started)}`);
  } else if (run.status === "queued") parts.push(`queued ${duration(Date.now() - created)}`);
  if (Number.isFinite(ended)) parts.push(run.status);
  return parts.join(" → ");
}

/** Whether a genuine webhook of `runId` was verified (so there is something to tamper with). */
const delivered = (state, runId) =>
  state.webhooks.get(runId)?.attempts.some((attempt) => attempt.verdicts.some((verdict) => verdict.verified));

/** The trace id that ties a run's (or bulk run's) creation to its webhook attempts, when it has one. */
export function traceLine(state, id) {
  const traceId = state.traces.get(id);
  if (!traceId) return null;
  return el(
    "p",
    { class: "trace hint" },
    "trace ",
    el("code", { title: "W3C trace id (traceparent) of its creation and webhook attempts" }, traceId),
  );
}

/** The list item of one run. */
export function runItem(state, run) {
  const bulkLink = run.bulk_run_id
    ? el("a", { class: "tag", href: `#bulk-${run.bulk_run_id}` }, `row of ${run.bulk_run_id}`)
    : null;
  const outcome = outcomeText(run);
  return el(
    "li",
    { class: "run", id: `run-${run.id}`, "data-status": run.status },
    el(
      "div",
      { class: "run-head" },
      el("span", { class: `pill ${tone(run.status)}` }, run.status),
      el("code", {}, run.id),
      el("span", { class: "workflow" }, run.workflow_id),
      bulkLink,
    ),
    el("p", { class: "steps", "data-live": String(!isFinal(run.status)) }, steps(run)),
    traceLine(state, run.id),
    outcome
      ? el("p", { class: `outcome ${run.status === "completed" ? "" : "bad"}` }, el("code", {}, outcome))
      : null,
    webhookStory(state.webhooks.get(run.id)),
    delivered(state, run.id)
      ? el(
          "button",
          { class: "secondary retarget", type: "button", "data-run": run.id },
          "Tamper with this webhook",
        )
      : null,
  );
}
