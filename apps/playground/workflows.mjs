// The playground's own workflows, next to the dev server's built-ins (wkf_echo, wkf_sleep, wkf_fail).
// Edit this file (or pass `--workflows <file>`) and restart the playground: no rebuild needed.
// Same shape as the dev server's `--workflows` file: `async (inputs, ctx) => output` by workflow id.

/** @type {Record<string, (inputs: Record<string, unknown>, ctx: { runId: string, signal: AbortSignal }) => unknown>} */
export const workflows = {
  wkf_greet: async (inputs) => {
    if (typeof inputs.name !== "string" || inputs.name === "") {
      throw new Error("inputs.name must be a non-empty string");
    }
    return { greeting: `Hello, ${inputs.name}!` };
  },
  wkf_word_count: async (inputs) => {
    if (typeof inputs.text !== "string") throw new Error("inputs.text must be a string");
    const words = inputs.text.split(/\s+/).filter(Boolean);
    return { words: words.length, longest: words.reduce((a, b) => (b.length > a.length ? b : a), "") };
  },
};

/** Inputs the page fills in when a workflow is chosen (optional). */
export const examples = {
  wkf_greet: { name: "Ada" },
  wkf_word_count: { text: "the quick brown fox jumps over the lazy dog" },
};
