// The timeline: one lane per run (a bulk run's rows under it). Every lane starts when its run (or its bulk
// run) was created, so a run reads the same at any age: its queued span (pale), its running span (striped
// while live) and its end (green, red, or amber for a bulk run with failed rows), with its webhook attempts
// as dots on a row of their own under the bar, where they never hide it. The scale is shared (time since
// creation), so lengths compare across lanes; each lane also says its own length.
import { clock, duration, el, timeOf, tone } from "./dom.js";
import { failedRowsOf, isFinal } from "./state.js";

const LANES = 14;
const ROWS_PER_BULK = 8;
// Tick steps, and the least room per tick label on the axis (labels never touch, at any width).
const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);
const TICK_ROOM_PX = 64;
// Smallest drawn sizes: a 20 ms run among minute-long ones is still a bar, and its dots stay apart.
const MIN_QUEUED_PX = 3;
const MIN_BAR_PX = 6;
const MARK_GAP_PX = 10;

/** Standalone runs and bulk runs (with their rows), oldest first, the newest LANES of them. */
function lanesOf(state) {
  const items = [];
  for (const run of state.runs.values())
    if (!run.bulk_run_id) items.push({ kind: "run", at: timeOf(run.created_at), run });
  for (const entry of state.bulks.values())
    items.push({ kind: "bulk", at: timeOf(entry.bulk.created_at), entry });
  items.sort((a, b) => a.at - b.at);
  const lanes = [];
  for (const item of items.slice(-LANES)) {
    const origin = item.at;
    lanes.push({ ...item, origin });
    if (item.kind !== "bulk") continue;
    const rows = [...state.runs.values()].filter((run) => run.bulk_run_id === item.entry.bulk.id);
    for (const run of rows.slice(0, ROWS_PER_BULK)) lanes.push({ kind: "row", run, origin });
    if (rows.length > ROWS_PER_BULK) lanes.push({ kind: "more", count: rows.length - ROWS_PER_BULK });
  }
  return lanes;
}

/** Start, start of running, and end of a lane's bar (ms since the epoch), its status and tone. */
function spanOf(state, lane, now) {
  if (lane.kind === "bulk") {
    const { bulk, at } = lane.entry;
    const rows = [...state.runs.values()].filter((run) => run.bulk_run_id === bulk.id);
    const ends = rows.map((run) => timeOf(run.ended_at)).filter(Number.isFinite);
    const final = isFinal(bulk.status);
    // Over when its last row ended (the event saying so comes a little later).
    const end = final ? (ends.length > 0 ? Math.max(...ends) : timeOf(at)) : now;
    const start = timeOf(bulk.created_at);
    const warn = failedRowsOf(lane.entry) > 0;
    return {
      start,
      started: start,
      end,
      live: !final,
      status: bulk.status,
      tone: warn ? "warn" : tone(bulk.status),
    };
  }
  const { run } = lane;
  const started = timeOf(run.started_at);
  const ended = timeOf(run.ended_at);
  return {
    start: timeOf(run.created_at),
    started: Number.isFinite(started) ? started : now,
    end: Number.isFinite(ended) ? ended : now,
    live: !isFinal(run.status),
    status: run.status,
    tone: tone(run.status),
  };
}

function attemptsOf(state, lane) {
  const id = lane.kind === "bulk" ? lane.entry.bulk.id : lane.run?.id;
  return (state.webhooks.get(id)?.attempts ?? []).filter((attempt) => attempt.at);
}

const good = (answer) => answer >= 200 && answer < 300;

/** "0", "0.5 s", "30 s", "90 s", "2 min". */
function tickLabel(offset, step) {
  if (offset === 0) return "0";
  if (offset >= 120_000 && offset % 60_000 === 0) return `${offset / 60_000} min`;
  return `${(offset / 1000).toFixed(step < 1000 ? 1 : 0)} s`;
}

/**
 * Puts `lanes` into `list`. When the same lanes are there already (a redraw while a run is live), only their
 * tracks, lengths and titles change: a focused label link keeps its focus.
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
    for (const part of [".track", ".length"]) {
      const old = lane.querySelector(part);
      const replacement = fresh.querySelector(part);
      if (old && replacement && !old.isEqualNode(replacement)) old.replaceWith(replacement);
    }
  }
}

/** The lane of one run or bulk run, drawn on a scale of `scale` ms since `lane.origin`. */
function laneItem(state, lane, span, scale) {
  const x = (time) => `${(100 * (time - lane.origin)) / scale}%`;
  const w = (from, to) => `${(100 * Math.max(to - from, 0)) / scale}%`;
  const id = lane.kind === "bulk" ? lane.entry.bulk.id : lane.run.id;
  const workflow = lane.kind === "bulk" ? lane.entry.bulk.workflow_id : lane.run.workflow_id;
  const attempts = attemptsOf(state, lane);
  const length = duration(span.end - span.start);
  const failedRows = lane.kind === "bulk" ? failedRowsOf(lane.entry) : 0;
  const status = failedRows
    ? `${span.status}, ${failedRows} of ${lane.entry.rows.total} rows failed`
    : span.status;
  const queued = span.started - span.start;
  const said = `${id}, ${workflow}, created ${clock(new Date(span.start).toISOString())}: ${status}${
    span.live ? ` for ${duration(span.end - span.start)}` : ` after ${duration(span.end - span.start)}`
  }${queued > 0 ? ` (queued ${duration(queued)})` : ""}${
    attempts.length
      ? `; webhook ${attempts.map((attempt) => `attempt ${attempt.attempt} answered ${attempt.answer}`).join(", ")}`
      : ""
  }`;
  // The running bar starts after a visible queued bar; each dot keeps its distance from the one before.
  const queuedBar =
    queued > 0
      ? el("span", {
          class: "bar queued",
          style: `left:${x(span.start)};width:max(${w(span.start, span.started)}, ${MIN_QUEUED_PX}px)`,
        })
      : null;
  const barLeft =
    queued > 0 ? `max(${x(span.started)}, calc(${x(span.start)} + ${MIN_QUEUED_PX}px))` : x(span.started);
  const marks = attempts.map((attempt, index) => {
    const lefts = attempts
      .slice(0, index + 1)
      .map((earlier, back) => `calc(${x(timeOf(earlier.at))} + ${(index - back) * MARK_GAP_PX}px)`);
    return el("span", {
      class: `mark ${good(attempt.answer) ? "ok" : "bad"}`,
      style: `left:max(${lefts.join(", ")})`,
      title: `webhook attempt ${attempt.attempt}: ${attempt.answer}`,
    });
  });
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
      queuedBar,
      el("span", {
        class: `bar ${span.live ? "live" : span.tone}`,
        style: `left:${barLeft};width:max(${w(span.started, span.end)}, ${MIN_BAR_PX}px)`,
      }),
      marks,
    ),
    el("span", { class: "length", "aria-hidden": "true" }, length),
  );
}

/** The axis under the lanes: time since each lane's creation, labels thinned to the room there is. */
function axisTicks(axis, scale) {
  const room = axis.clientWidth || 240;
  const usable = room - TICK_ROOM_PX / 2;
  // The shortest step whose labels stand TICK_ROOM_PX apart; one that would leave the axis a single label
  // (a narrow screen, a scale just past a step) gives way to the next shorter one.
  let index = STEPS.findIndex((candidate) => (candidate / scale) * room >= TICK_ROOM_PX);
  if (index === -1) index = STEPS.length - 1;
  while (index > 0 && ((STEPS[index] ?? 0) / scale) * room > usable) index--;
  const step = STEPS[index] ?? STEPS[0];
  const ticks = [];
  // A label centred on the last tick stays inside the axis (no overflow on narrow screens).
  for (let offset = 0; offset <= scale && (offset / scale) * room <= usable; offset += step) {
    ticks.push(
      el("span", { class: "tick", style: `left:${(100 * offset) / scale}%` }, tickLabel(offset, step)),
    );
  }
  return ticks;
}

/** Redraws the timeline inside `figure`; answers whether anything on it is still live. */
export function renderTimeline(state, figure) {
  const now = Date.now();
  const lanes = lanesOf(state);
  const list = figure.querySelector(".lanes");
  const axis = figure.querySelector(".axis");
  if (lanes.length === 0) {
    list.replaceChildren(el("p", { class: "hint" }, "Start a run: it appears here, live."));
    axis.replaceChildren();
    return false;
  }
  const spans = lanes.map((lane) => (lane.kind === "more" ? null : spanOf(state, lane, now)));
  // The longest life in view (its end or its last webhook attempt, after its creation) sets the scale.
  let longest = 1000;
  for (const [index, span] of spans.entries()) {
    if (!span) continue;
    const { origin } = lanes[index];
    const times = [span.end, ...attemptsOf(state, lanes[index]).map((attempt) => timeOf(attempt.at))];
    longest = Math.max(longest, ...times.map((time) => time - origin));
  }
  const scale = longest * 1.02;
  reconcile(
    list,
    lanes.map((lane, index) =>
      lane.kind === "more"
        ? el(
            "li",
            { class: "lane row more", "data-key": `more-${lane.count}` },
            el("span", { class: "label" }),
            el("span", { class: "hint" }, `… ${lane.count} more rows`),
          )
        : laneItem(state, lane, spans[index], scale),
    ),
  );
  axis.replaceChildren(...axisTicks(axis, scale));
  return spans.some((span) => span?.live);
}
