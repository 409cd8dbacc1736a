// The playground page: plain modules, no framework. Talks only to the playground server, never to the API.
import { renderBulk } from "./js/bulks.js";
import { $, el } from "./js/dom.js";
import { runItem, steps } from "./js/runs.js";
import { apply, emptyState, isFinal } from "./js/state.js";
import { renderTimeline } from "./js/timeline.js";

const SHOWN_RUNS = 40;
let state = emptyState();
let examples = {};
let pendingRender = 0;
let ticking = 0;

async function api(path, body) {
  const response = await fetch(
    path,
    body
      ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
      : {},
  );
  const json = await response.json();
  if (!response.ok) throw new Error(json.error?.message ?? `request failed: ${response.status}`);
  if (json.refused) throw new Error(json.refused.message);
  return json;
}

function parseInputs() {
  const field = $("#inputs");
  try {
    const value = JSON.parse(field.value || "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error('inputs must be a JSON object, like { "name": "Ada" }');
    field.classList.remove("invalid");
    field.removeAttribute("aria-invalid");
    $("#inputs-error").textContent = "";
    return value;
  } catch (error) {
    field.classList.add("invalid");
    field.setAttribute("aria-invalid", "true");
    $("#inputs-error").textContent = error.message;
    return null;
  }
}

/**
 * Makes `list`'s children `items` (elements with ids), touching only what changed: an unchanged run keeps its
 * element, so a focused button or link in it keeps the focus while other runs move on.
 */
function patchList(list, items) {
  for (const [index, item] of items.entries()) {
    const current = list.children[index];
    if (current?.id === item.id) {
      if (!current.isEqualNode(item)) current.replaceWith(item);
      continue;
    }
    document.getElementById(item.id)?.remove();
    list.insertBefore(item, list.children[index] ?? null);
  }
  while (list.children.length > items.length) list.lastElementChild.remove();
}

function render() {
  pendingRender = 0;
  const runs = [...state.runs.values()].reverse();
  patchList(
    $("#runs"),
    runs.slice(0, SHOWN_RUNS).map((run) => runItem(state, run)),
  );
  $("#runs-more").textContent =
    runs.length > SHOWN_RUNS ? `${runs.length - SHOWN_RUNS} older runs are not shown.` : "";
  $("#runs-empty").hidden = runs.length > 0;
  for (const entry of state.bulks.values()) renderBulk(state, entry, $("#bulks"), schedule);
  $("#bulks-empty").hidden = state.bulks.size > 0;
  const live = renderTimeline(state, $("#timeline"));
  // While something runs, its bar grows and its running time counts: redraw both a few times a second.
  if ((live || anyRunLive()) && !ticking) ticking = setInterval(tick, 250);
  updateTamper();
}

const anyRunLive = () => [...state.runs.values()].some((run) => !isFinal(run.status));

function tick() {
  for (const run of state.runs.values()) {
    if (isFinal(run.status)) continue;
    const shown = document.querySelector(`#run-${CSS.escape(run.id)} .steps`);
    if (shown) shown.textContent = steps(run);
  }
  if (!renderTimeline(state, $("#timeline")) && !anyRunLive()) stopTicking();
}

function stopTicking() {
  clearInterval(ticking);
  ticking = 0;
}

function schedule() {
  if (!pendingRender) pendingRender = requestAnimationFrame(render);
}

function updateTamper() {
  const target = state.tamperTarget ?? state.lastDelivered;
  for (const button of document.querySelectorAll("#tamper button")) button.disabled = !target;
  $("#tamper-target").textContent = target
    ? `These re-send the webhook of ${target} to both receivers; their verdicts appear on the run below.`
    : "Start a run: once its webhook has arrived, you can tamper with it.";
}

function showExample() {
  $("#inputs").value = JSON.stringify(examples[$("#workflow").value] ?? {}, null, 2);
  parseInputs();
}

async function start() {
  const setup = await api("/api/state");
  $("#workflow").replaceChildren(...setup.workflows.map((id) => el("option", { value: id }, id)));
  examples = setup.examples;
  $("#workflow").value = setup.workflows.includes("wkf_greet") ? "wkf_greet" : setup.workflows[0];
  showExample();
  $("#workflow").addEventListener("change", showExample);
  $("#bulk-workflow").replaceChildren(...setup.workflows.map((id) => el("option", { value: id }, id)));
  $("#bulk-workflow").value = $("#workflow").value;
  for (const [kind, label] of Object.entries(setup.tamperings)) {
    const button = el("button", { class: "secondary", type: "button", "data-kind": kind }, label);
    button.addEventListener("click", () =>
      api("/api/tamper", { runId: state.tamperTarget ?? state.lastDelivered, kind }).catch((error) => {
        $("#tamper-target").textContent = error.message;
      }),
    );
    $("#tamper").append(button);
  }
  updateTamper();
  // The stream replays every event first, so (re)connecting starts from a clean slate.
  const events = new EventSource("/api/events");
  events.onopen = () => {
    state = emptyState();
    $("#bulks").replaceChildren();
    schedule();
  };
  events.onmessage = (message) => {
    apply(state, JSON.parse(message.data));
    schedule();
  };

  // The axis labels are thinned to the room there is: a narrower or wider timeline redraws them.
  new ResizeObserver(schedule).observe($("#timeline .axis"));

  $("#runs").addEventListener("click", (event) => {
    const button = event.target.closest(".retarget");
    if (!button) return;
    state.tamperTarget = button.dataset.run;
    updateTamper();
    $("#tamper button").focus();
  });
  $("#inputs").addEventListener("input", parseInputs);
  $("#start").addEventListener("submit", async (event) => {
    event.preventDefault();
    const inputs = parseInputs();
    if (!inputs) return;
    try {
      const outage = Number($("#outage").value);
      apply(state, {
        type: "run",
        run: await api("/api/runs", { workflow_id: $("#workflow").value, inputs, outage }),
      });
      schedule();
    } catch (error) {
      $("#inputs-error").textContent = error.message;
    }
  });
  $("#bulk-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("#bulk-error").textContent = "";
    try {
      await api("/api/bulk", { workflow_id: $("#bulk-workflow").value, csv: $("#csv").value });
    } catch (error) {
      $("#bulk-error").textContent = error.message;
    }
  });
}

start();
