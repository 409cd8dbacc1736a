// What the page knows, rebuilt from the server's events (replayed in full on every (re)connect).

export const isFinal = (status) => status !== "queued" && status !== "running";

/** How many rows of a "completed" bulk run failed (the API's status stays; the page warns), else 0. */
export const failedRowsOf = (entry) =>
  entry.bulk.status === "completed" && entry.rows.failed > 0 ? entry.rows.failed : 0;

export function emptyState() {
  return {
    /** Runs by id, in the order first seen. */
    runs: new Map(),
    /** Bulk runs by id: { bulk, rows: { completed, failed, total }, at }. */
    bulks: new Map(),
    /** Webhook story by subject (run or bulk run id): { attempts: [], tampered: [] }. */
    webhooks: new Map(),
    /** Attempts by `${webhookId}#${attempt}` (a receiver's verdict may arrive before the fan-out's answer). */
    attempts: new Map(),
    /** Subject id by webhook id, to put tampered copies (which keep the webhook id) on their run. */
    subjects: new Map(),
    /** W3C trace id by run or bulk run id, when its creation and webhook attempts carried one. */
    traces: new Map(),
    /** The run whose genuine webhook was verified last: the one the tamper buttons re-send by default. */
    lastDelivered: null,
    /** The run the reader picked to tamper with ("Tamper with this webhook"), if any. */
    tamperTarget: null,
  };
}

function webhookOf(state, subjectId) {
  let webhook = state.webhooks.get(subjectId);
  if (!webhook) {
    webhook = { attempts: [], tampered: [] };
    state.webhooks.set(subjectId, webhook);
  }
  return webhook;
}

function attemptOf(state, webhookId, attempt) {
  const key = `${webhookId}#${attempt}`;
  let entry = state.attempts.get(key);
  if (!entry) {
    entry = { webhookId, attempt, answer: null, outage: false, at: null, verdicts: [] };
    state.attempts.set(key, entry);
  }
  return entry;
}

const applyRun = (state, run) => {
  const known = state.runs.get(run.id);
  // A poll answered before the webhook may arrive after it: a finished run does not go back.
  if (known && isFinal(known.status) && !isFinal(run.status)) return;
  state.runs.set(run.id, { ...known, ...run });
};

const applyBulk = (state, event) => {
  const known = state.bulks.get(event.bulk.id);
  if (known && isFinal(known.bulk.status) && !isFinal(event.bulk.status)) return;
  state.bulks.set(event.bulk.id, { bulk: event.bulk, rows: event.rows, at: event.at });
};

const applyAttempt = (state, event) => {
  const entry = attemptOf(state, event.webhookId, event.attempt);
  Object.assign(entry, { answer: event.answer, outage: event.outage, at: event.at });
  state.subjects.set(event.webhookId, event.subjectId);
  const webhook = webhookOf(state, event.subjectId);
  if (!webhook.attempts.includes(entry)) webhook.attempts.push(entry);
};

const applyVerdict = (state, event) => {
  const verdict = {
    receiver: event.receiver,
    verified: event.verified,
    reason: event.reason,
    detail: event.detail,
  };
  if (event.attempt !== null && event.webhookId) {
    attemptOf(state, event.webhookId, event.attempt).verdicts.push(verdict);
    if (event.verified && event.label === "delivery") state.lastDelivered = event.runId;
    return;
  }
  // A tampered copy: both receivers' verdicts on one re-send go together.
  const subjectId = state.subjects.get(event.webhookId) ?? state.lastDelivered;
  if (!subjectId) return;
  const { tampered } = webhookOf(state, subjectId);
  let copy = tampered.findLast(
    (entry) =>
      entry.label === event.label && !entry.verdicts.some((seen) => seen.receiver === event.receiver),
  );
  if (!copy) {
    copy = { label: event.label, at: event.at, verdicts: [] };
    tampered.push(copy);
  }
  copy.verdicts.push(verdict);
};

/** Applies one server event to `state`. */
export function apply(state, event) {
  if (event.type === "run") applyRun(state, event.run);
  else if (event.type === "bulk") applyBulk(state, event);
  else if (event.type === "attempt") applyAttempt(state, event);
  else if (event.type === "delivery") applyVerdict(state, event);
  else if (event.type === "trace") state.traces.set(event.subjectId, event.traceId);
}
