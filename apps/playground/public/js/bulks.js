// Bulk runs: progress by row (completed, failed, still to go), the API's error, the failed rows with their
// errors (from the output CSV, read by the playground's server with the API key), and the rows' runs.
import { el, tone } from "./dom.js";
import { traceLine } from "./runs.js";
import { failedRowsOf, isFinal } from "./state.js";
import { webhookStory } from "./webhook-story.js";

/** Output rows by bulk run id, fetched once the bulk run is over. */
const outputRows = new Map();

async function loadRows(id, onLoaded) {
  if (outputRows.has(id)) return;
  outputRows.set(id, null);
  try {
    const response = await fetch(`/api/bulk/${encodeURIComponent(id)}/rows`);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error?.message ?? `answered ${response.status}`);
    outputRows.set(id, body.rows);
  } catch (error) {
    outputRows.set(id, error);
  }
  onLoaded();
}

function skeleton(id) {
  const failedRows = el(
    "details",
    { class: "failed-rows", hidden: true },
    el("summary"),
    el("div", { class: "body" }),
  );
  const children = el(
    "details",
    { class: "children", hidden: true },
    el("summary"),
    el("ul", { class: "body" }),
  );
  return el(
    "article",
    { class: "bulk", id: `bulk-${id}` },
    el("div", { class: "run-head" }),
    el(
      "div",
      { class: "progress", role: "progressbar", "aria-valuemin": 0 },
      el("span", { class: "ok" }),
      el("span", { class: "bad" }),
    ),
    el("p", { class: "counts" }),
    el("p", { class: "error", role: "status" }),
    el("div", { class: "trace-slot" }),
    failedRows,
    children,
    el("div", { class: "story" }),
  );
}

function failedRowsList(rows) {
  if (rows === null) return el("p", { class: "hint" }, "Reading the output CSV…");
  if (rows instanceof Error)
    return el("p", { class: "error" }, `Could not read the output CSV: ${rows.message}`);
  return el(
    "ul",
    { class: "rows" },
    rows
      .filter((row) => row.status !== "completed")
      .map((row) =>
        el(
          "li",
          {},
          el("strong", {}, `Row ${row.row}`),
          " ",
          el("a", { href: `#run-${row.run_id}` }, el("code", {}, row.run_id)),
          el("span", { class: "bad" }, row.error || row.status),
        ),
      ),
  );
}

/** Creates or updates the element of one bulk run inside `list`. */
export function renderBulk(state, entry, list, rerender) {
  const { bulk, rows } = entry;
  let element = document.getElementById(`bulk-${bulk.id}`);
  if (!element) {
    element = skeleton(bulk.id);
    list.prepend(element);
  }
  element.dataset.status = bulk.status;
  const total = rows.total ?? bulk.row_count;
  const done = rows.completed + rows.failed;
  const final = isFinal(bulk.status);

  // The API's status stays; rows that failed under a "completed" bulk run turn it into a warning.
  const failedRows = failedRowsOf(entry);
  element.classList.toggle("has-failed-rows", failedRows > 0);
  const head = [
    failedRows > 0
      ? el(
          "span",
          { class: "pill warn" },
          `${bulk.status} · ${failedRows} of ${total ?? "?"} ${total === 1 ? "row" : "rows"} failed`,
        )
      : el("span", { class: `pill ${tone(bulk.status)}` }, bulk.status),
    el("code", {}, bulk.id),
    el("span", { class: "workflow" }, bulk.workflow_id),
  ];
  if (final && bulk.output_csv_url) {
    const href = `/api/bulk/${encodeURIComponent(bulk.id)}/output.csv`;
    head.push(el("a", { class: "tag", href, target: "_blank" }, "output CSV"));
  }
  element.querySelector(".run-head").replaceChildren(...head);

  const bar = element.querySelector(".progress");
  bar.setAttribute("aria-valuemax", String(total ?? 0));
  bar.setAttribute("aria-valuenow", String(done));
  bar.setAttribute("aria-label", `Rows finished: ${done} of ${total ?? "?"}, ${rows.failed} failed`);
  bar.classList.toggle("live", !final);
  const share = (count) => (total ? `${(100 * count) / total}%` : "0%");
  bar.children[0].style.width = share(rows.completed);
  bar.children[1].style.width = share(rows.failed);

  const counts =
    total === null || total === undefined
      ? [final ? "no rows were read" : "reading the CSV…"]
      : [
          `${total} ${total === 1 ? "row" : "rows"}: `,
          el("strong", { class: "ok" }, `${rows.completed} completed`),
          " · ",
          el("strong", { class: rows.failed > 0 ? "bad" : "" }, `${rows.failed} failed`),
          final ? "" : ` · ${total - done} to go`,
        ];
  element.querySelector(".counts").replaceChildren(...counts);
  element.querySelector(".error").textContent = bulk.error ?? "";

  const failedList = element.querySelector(".failed-rows");
  failedList.hidden = !(final && rows.failed > 0 && bulk.output_csv_url);
  if (!failedList.hidden) {
    failedList.querySelector("summary").textContent =
      `${rows.failed} failed ${rows.failed === 1 ? "row" : "rows"} and ${rows.failed === 1 ? "its error" : "their errors"}`;
    failedList.querySelector(".body").replaceChildren(failedRowsList(outputRows.get(bulk.id) ?? null));
    void loadRows(bulk.id, rerender);
  }

  const runs = [...state.runs.values()].filter((run) => run.bulk_run_id === bulk.id);
  const children = element.querySelector(".children");
  children.hidden = runs.length === 0;
  children.querySelector("summary").textContent =
    `The ${runs.length} ${runs.length === 1 ? "run" : "runs"} it started`;
  children
    .querySelector(".body")
    .replaceChildren(
      ...runs.map((run) =>
        el(
          "li",
          {},
          el("a", { href: `#run-${run.id}` }, el("code", {}, run.id)),
          " ",
          el("span", { class: tone(run.status) }, run.status),
        ),
      ),
    );
  element.querySelector(".trace-slot").replaceChildren(traceLine(state, bulk.id) ?? "");
  element.querySelector(".story").replaceChildren(webhookStory(state.webhooks.get(bulk.id)) ?? "");
}
