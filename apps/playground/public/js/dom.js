// Small DOM and formatting helpers: text always goes in as text, never as HTML.

/** Creates an element: `el("span", { class: "x", "data-id": id }, "text", child)`. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(name, String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== ""));
  return element;
}

export const $ = (selector) => document.querySelector(selector);

const ms = (iso) => (iso ? Date.parse(iso) : Number.NaN);

export { ms as timeOf };

/** "4 ms", "250 ms", "3.2 s", "1 min 5 s". */
export function duration(milliseconds) {
  if (!Number.isFinite(milliseconds)) return "";
  const seconds = Math.max(0, milliseconds) / 1000;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** "14:03:07" in the reader's time zone. */
export const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });

/** The colour class of a status: ok, bad or live. */
export const tone = (status) =>
  status === "completed" ? "ok" : status === "queued" || status === "running" ? "live" : "bad";

/** A run's or a delivery's result as one short line. */
export function outcomeText(run) {
  if (run.status === "completed") return run.output === null ? "" : JSON.stringify(run.output);
  return run.error ?? "";
}
