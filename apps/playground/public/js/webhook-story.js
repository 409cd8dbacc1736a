// A run's (or bulk run's) webhook, told attempt by attempt: what the fan-out answered the sender, and what
// each receiver made of it; then the tampered copies and their rejections.
import { clock, el } from "./dom.js";

function verdictItem(verdict) {
  const text = verdict.verified
    ? `${verdict.receiver} ✓ verified${verdict.detail ? `: ${verdict.detail}` : ""}`
    : `${verdict.receiver} ✗ rejected: ${verdict.reason}`;
  return el(
    "span",
    {
      class: `verdict ${verdict.verified ? "ok" : "bad"}`,
      "data-receiver": verdict.receiver,
      "data-verified": String(verdict.verified),
    },
    text,
  );
}

/** A 2xx answer: the sender is done with this delivery. */
const answered = (attempt) => attempt.answer !== null && attempt.answer >= 200 && attempt.answer < 300;

function answerText(attempt) {
  if (attempt.answer === null) return "sent…";
  // The dev server records no status when the attempt never got an answer (timed out, connection lost).
  if (attempt.answer === 0) return "no answer: the dev server retries";
  if (attempt.outage) return `answered ${attempt.answer}: receivers down (simulated), the dev server retries`;
  return answered(attempt)
    ? `answered ${attempt.answer}`
    : `answered ${attempt.answer}: a receiver refused it, the dev server retries`;
}

/** The list of attempts and tampered copies of `webhook`, or null when there is none yet. */
export function webhookStory(webhook) {
  if (!webhook || (webhook.attempts.length === 0 && webhook.tampered.length === 0)) return null;
  const items = [];
  for (const attempt of webhook.attempts) {
    const first = attempt.attempt === 1 ? "first try" : `retry ${attempt.attempt - 1}`;
    const good = answered(attempt);
    items.push(
      el(
        "li",
        { class: "attempt", "data-attempt": attempt.attempt, "data-answer": attempt.answer ?? "" },
        el(
          "span",
          { class: "what" },
          el("span", {
            class: `dot ${good ? "ok" : attempt.answer === null ? "live" : "bad"}`,
            "aria-hidden": "true",
          }),
          `#${attempt.attempt} ${first}${attempt.at ? ` · ${clock(attempt.at)}` : ""}`,
        ),
        el("span", { class: "answer" }, answerText(attempt)),
        attempt.verdicts.map(verdictItem),
        // Live, both verdicts come before the answer; only an attempt from before the playground kept them
        // has none.
        attempt.answer > 0 && !attempt.outage && attempt.verdicts.length === 0
          ? el("span", { class: "hint" }, "the receivers' verdicts were not kept")
          : null,
      ),
    );
  }
  for (const copy of webhook.tampered) {
    items.push(
      el(
        "li",
        { class: "attempt tampered" },
        el("span", { class: "what" }, el("span", { class: "dot tamper", "aria-hidden": "true" }), copy.label),
        copy.verdicts.map(verdictItem),
      ),
    );
  }
  return el("ol", { class: "webhook", "aria-label": "Webhook attempts" }, items);
}
