// The playground page: plain modules, no framework. Talks only to the playground server, never to the API.
const $ = (selector) => document.querySelector(selector);
/** Status history by run id, so the table shows how each run moved (queued → running → completed). */
const histories = new Map();
let examples = {};
let lastDeliveredRunId = null;

async function api(path, body) {
  const response = await fetch(
    path,
    body
      ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
      : {},
  );
  const json = await response.json();
  if (!response.ok) throw new Error(json.error?.message ?? `request failed: ${response.status}`);
  return json;
}

function parseInputs() {
  const field = $("#inputs");
  try {
    const value = JSON.parse(field.value || "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error('inputs must be a JSON object, like { "name": "Ada" }');
    field.classList.remove("invalid");
    $("#inputs-error").textContent = "";
    return value;
  } catch (error) {
    field.classList.add("invalid");
    $("#inputs-error").textContent = error.message;
    return null;
  }
}

const FINAL = (status) => status !== "queued" && status !== "running";

function renderRun(run) {
  const history = histories.get(run.id) ?? [];
  // A poll answered before the webhook may arrive after it: a finished run does not go back.
  if (history.length > 0 && FINAL(history.at(-1)) && !FINAL(run.status)) return;
  if (history.at(-1) !== run.status) history.push(run.status);
  histories.set(run.id, history);
  let row = document.getElementById(`run-${run.id}`);
  if (!row) {
    row = document.createElement("tr");
    row.id = `run-${run.id}`;
    $("#runs tbody").prepend(row);
  }
  const detail = run.status === "failed" ? run.error : run.output === null ? "" : JSON.stringify(run.output);
  row.innerHTML = `<td><code></code></td><td></td><td><span class="history"></span><span class="status ${run.status}"></span></td><td><code></code></td>`;
  row.children[0].firstChild.textContent = run.id;
  row.children[1].textContent = run.workflow_id;
  row.querySelector(".history").textContent = history
    .slice(0, -1)
    .map((status) => `${status} → `)
    .join("");
  row.querySelector(".status").textContent = run.status;
  row.children[3].firstChild.textContent = detail ?? "";
  row.dataset.status = run.status;
}

function renderDelivery(event) {
  if (event.verified && event.label === "delivery") lastDeliveredRunId = event.runId;
  updateTamperButtons();
  const item = document.createElement("li");
  item.className = "delivery";
  item.dataset.receiver = event.receiver;
  item.dataset.verified = String(event.verified);
  item.innerHTML = `<span class="badge"></span> <strong></strong> receiver · <span class="what"></span>`;
  item.children[0].textContent = event.verified ? "verified" : "rejected";
  item.children[0].className = `badge ${event.verified ? "verified" : "rejected"}`;
  item.children[1].textContent = event.receiver;
  item.querySelector(".what").textContent = event.verified
    ? `${event.label} of ${event.runId} (${event.webhookId})${event.detail ? `: ${event.detail}` : ""}`
    : `${event.label}: ${event.reason}`;
  $("#deliveries").prepend(item);
}

function renderBulk(bulk) {
  $("#bulk-status").innerHTML =
    `Bulk run <code></code> <span class="status ${bulk.status}"></span>${bulk.row_count === null ? "" : ` · ${bulk.row_count} rows`}${bulk.output_csv_url ? ` · <a target="_blank">output CSV</a>` : ""}`;
  $("#bulk-status code").textContent = bulk.id;
  $("#bulk-status .status").textContent = bulk.status;
  const link = $("#bulk-status a");
  if (link) link.href = bulk.output_csv_url;
}

function handle(event) {
  if (event.type === "run") renderRun(event.run);
  if (event.type === "delivery") renderDelivery(event);
  if (event.type === "bulk") renderBulk(event.bulk);
}

function updateTamperButtons() {
  for (const button of document.querySelectorAll("#tamper button")) button.disabled = !lastDeliveredRunId;
  $("#tamper-target").textContent = lastDeliveredRunId
    ? `Tampering re-sends the delivery of ${lastDeliveredRunId} to both receivers:`
    : "Start a run: once its webhook has arrived, you can tamper with it.";
}

function reset() {
  histories.clear();
  lastDeliveredRunId = null;
  $("#runs tbody").replaceChildren();
  $("#deliveries").replaceChildren();
  updateTamperButtons();
}

function showExample() {
  const example = examples[$("#workflow").value] ?? {};
  $("#inputs").value = JSON.stringify(example, null, 2);
  parseInputs();
}

async function start() {
  const state = await api("/api/state");
  for (const id of state.workflows) {
    const option = document.createElement("option");
    option.value = option.textContent = id;
    $("#workflow").append(option);
  }
  examples = state.examples;
  $("#workflow").value = state.workflows.includes("wkf_greet") ? "wkf_greet" : state.workflows[0];
  showExample();
  $("#workflow").addEventListener("change", showExample);
  for (const [kind, label] of Object.entries(state.tamperings)) {
    const button = document.createElement("button");
    button.className = "secondary";
    button.type = "button";
    button.dataset.kind = kind;
    button.textContent = `Tamper: ${label}`;
    button.addEventListener("click", () =>
      api("/api/tamper", { runId: lastDeliveredRunId, kind }).catch((error) => {
        $("#tamper-target").textContent = error.message;
      }),
    );
    $("#tamper").append(button);
  }
  updateTamperButtons();
  // The stream replays every event first, so (re)connecting starts from a clean slate.
  const events = new EventSource("/api/events");
  events.onopen = reset;
  events.onmessage = (message) => handle(JSON.parse(message.data));

  $("#inputs").addEventListener("input", parseInputs);
  $("#run").addEventListener("click", async () => {
    const inputs = parseInputs();
    if (!inputs) return;
    try {
      renderRun(await api("/api/runs", { workflow_id: $("#workflow").value, inputs }));
    } catch (error) {
      $("#inputs-error").textContent = error.message;
    }
  });
  $("#bulk").addEventListener("click", async () => {
    try {
      renderBulk(await api("/api/bulk", { workflow_id: $("#workflow").value, csv: $("#csv").value }));
    } catch (error) {
      $("#bulk-status").textContent = error.message;
    }
  });
}

start();
