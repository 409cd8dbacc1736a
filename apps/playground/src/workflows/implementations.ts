import { implementWorkflow } from "@leap-workflows/dev-server";
import { greet, wordCount } from "./definitions";

// What the dev server runs for the playground's own workflows (the built-ins come with the dev server).
// `implementWorkflow` types `inputs` by the definition and fails a run whose output breaks it.

export const implementations = [
  implementWorkflow(greet, ({ name }) => ({ greeting: `Hello, ${name}!` })),
  implementWorkflow(wordCount, ({ text }) => {
    const words = text.split(/\s+/).filter(Boolean);
    return {
      words: words.length,
      longest: words.reduce((longest, word) => (word.length > longest.length ? word : longest), ""),
    };
  }),
];
