// The timeline: one lane per run (a bulk run's rows under it), the bar going from queued (pale) through
// running (striped while live) to its end, coloured by outcome; its webhook attempts as dots after it.
import { duration, el, timeOf, tone } from "./dom.js";
import { isFinal } from "./state.js";

const LANES = 14;
const ROWS_PER_BULK = 8;
// Runs created this long before the newest one are left out, so that old runs do not squash the picture.
const WINDOW_MS = 5 * 60_000;
const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600].map((seconds) => seconds * 1000);

function lanesOf(state) {
  const items = [];
  for (const run of state.runs.values())
    if (!run.bulk_run_id) items.push({ kind: "run", at: timeOf(run.created_at), run });
  for (const entry of state.bulks.values())
    items.push({ kind: "bulk", at: timeOf(entry.bulk.created_at), entry });
  items.sort((a, b) => a.at - b.at);
  const newest = items.at(-1)?.at ?? 0;
  const lanes = [];
  for (const item of items.filter((candidate) => candidate.at >= newest - WINDOW_MS).slice(-LANES)) {
    lanes.push(item);
    if (item.kind !== "bulk") continue;
    const rows = [...state.runs.values()].filter((run) => run.bulk_run_id === item.entry.bulk.id);
    for (const run of rows.slice(0, ROWS_PER_BULK)) lanes.push({ kind: "row", run });
    if (rows.length > ROWS_PER_BULK) lanes.push({ kind: "more", count: rows.length - ROWS_PER_BULK });
  }
  return lanes;
}

/** Start and end of a lane's bar, and whether it is still live. */
function spanOf(state, lane, now) {
  if (lane.kind === "bulk") {
    const { bulk, at } = lane.entry;
    const rows = [...state.runs.values()].filter((run) => run.bulk_run_id === bulk.id);
    const ends = rows.map((run) => timeOf(run.ended_at)).filter(Number.isFinite);
    const final = isFinal(bulk.status);
    // Over when its last row ended (the event saying so comes a little later).
    const end = final ? (ends.length > 0 ? Math.max(...ends) : timeOf(at)) : now;
    return {
      start: timeOf(bulk.created_at),
      started: timeOf(bulk.created_at),
      end,
      live: !final,
      status: bulk.status,
    };
  }
  const { run } = lane;
  const ended = timeOf(run.ended_at);
  return {
    start: timeOf(run.created_at),
    started: Number.isFinite(timeOf(run.started_at)) ? timeOf(run.started_at) : now,
    end: Number.isFinite(ended) ? ended : now,
    live: !isFinal(run.status),
    status: run.status,
  };
}

function attemptsOf(state, lane) {
  const id = lane.kind === "bulk" ? lane.entry.bulk.id : lane.run?.id;
  return (state.webhooks.get(id)?.attempts ?? []).filter((attempt) => attempt.at);
}

/**
 * Puts `lanes` into `list`. When the same lanes are there already (a redraw while a run is live), only their
 * tracks and titles change: a focused label link keeps its focus.
 */
function reconcile(list, lanes) {
  const existing = [...list.children];
  const same =
    existing.length === lanes.length &&
    existing.every((lane, index) => lane.dataset.key && lane.dataset.key === lanes[index].dataset.key);
  if (!same) {
    list.replaceChildren(...lanes);
    return;
  }
  for (const [index, lane] of existing.entries()) {
    const fresh = lanes[index];
    lane.dataset.status = fresh.dataset.status ?? "";
    const label = lane.querySelector("a.label");
    if (label) label.title = fresh.querySelector("a.label")?.title ?? "";
    const track = lane.querySelector(".track");
    const freshTrack = fresh.querySelector(".track");
    if (track && freshTrack) track.replaceWith(freshTrack);
  }
}

/** Redraws the timeline inside `figure`; answers whether anything on it is still live. */
export function renderTimeline(state, figure) {
  const now = Date.now();
  const lanes = lanesOf(state);
  const list = figure.querySelector(".lanes");
  if (lanes.length === 0) {
    list.replaceChildren(el("p", { class: "hint" }, "Start a run: it appears here, live."));
    figure.querySelector(".axis").replaceChildren();
    return false;
  }
  const spans = lanes.map((lane) => (lane.kind === "more" ? null : spanOf(state, lane, now)));
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const [index, span] of spans.entries()) {
    if (!span) continue;
    first = Math.min(first, span.start);
    last = Math.max(last, span.end, ...attemptsOf(state, lanes[index]).map((attempt) => timeOf(attempt.at)));
  }
  const live = spans.some((span) => span?.live);
  if (live) last = Math.max(last, now);
  const width = Math.max(last - first, 2000) * 1.04;
  const x = (time) => `${(100 * (time - first)) / width}%`;
  const w = (from, to) => `${(100 * Math.max(to - from, 0)) / width}%`;

  reconcile(
    list,
    lanes.map((lane, index) => {
      if (lane.kind === "more") {
        return el(
          "li",
          { class: "lane row", "data-key": `more-${lane.count}` },
          el("span", { class: "label" }),
          el("span", { class: "hint" }, `… ${lane.count} more rows`),
        );
      }
      const span = spans[index];
      const id = lane.kind === "bulk" ? lane.entry.bulk.id : lane.run.id;
      const workflow = lane.kind === "bulk" ? lane.entry.bulk.workflow_id : lane.run.workflow_id;
      const attempts = attemptsOf(state, lane);
      const said = `${id}, ${workflow}: ${span.status}${span.live ? "" : ` after ${duration(span.end - span.start)}`}${
        attempts.length
          ? `; webhook ${attempts.map((attempt) => `attempt ${attempt.attempt} answered ${attempt.answer}`).join(", ")}`
          : ""
      }`;
      return el(
        "li",
        { class: `lane ${lane.kind}`, "data-run": id, "data-key": id, "data-status": span.status },
        el(
          "a",
          { class: "label", href: `#${lane.kind === "bulk" ? "bulk" : "run"}-${id}`, title: said },
          el("span", { class: "workflow" }, workflow.replace(/^wkf_/, "")),
          " ",
          el("code", {}, id.slice(0, 8)),
        ),
        el(
          "span",
          { class: "track", role: "img", "aria-label": said },
          el("span", {
            class: "bar queued",
            style: `left:${x(span.start)};width:${w(span.start, span.started)}`,
          }),
          el("span", {
            class: `bar ${span.live ? "live" : tone(span.status)}`,
            style: `left:${x(span.started)};width:${w(span.started, span.end)}`,
          }),
          attempts.map((attempt) =>
            el("span", {
              class: `mark ${attempt.answer < 300 ? "ok" : "bad"}`,
              style: `left:${x(timeOf(attempt.at))}`,
              title: `webhook attempt ${attempt.attempt}: ${attempt.answer}`,
            }),
          ),
        ),
      );
    }),
  );
  const step = STEPS.find((candidate) => width / candidate <= 6) ?? STEPS.at(-1);
  const ticks = [];
  // The last label stays clear of the right edge (no overflow on narrow screens).
  for (let offset = 0; offset < width * 0.9; offset += step) {
    ticks.push(
      el(
        "span",
        { class: "tick", style: `left:${x(first + offset)}` },
        offset === 0 ? "0" : `+${duration(offset)}`,
      ),
    );
  }
  figure.querySelector(".axis").replaceChildren(...ticks);
  return live;
}
