import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { PUBLIC_PACKAGES, root } from "./packages";

const benchmarks = readFileSync(`${root}BENCHMARKS.md`, "utf8");
const runDate = /finished (\d{4}-\d{2}-\d{2})/.exec(benchmarks)?.[1];
const cells = new Set(
  benchmarks
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .flatMap((line) => line.split("|").map((cell) => cell.trim())),
);
// The guides (guides/*.md) are held to the same rule as the READMEs that link them.
const guides = readdirSync(`${root}guides`).filter((file) => file.endsWith(".md"));
const readmes = [
  "README.md",
  ...PUBLIC_PACKAGES.map((name) => `packages/${name}/README.md`),
  ...guides.map((file) => `guides/${file}`),
];

// A speed or size figure in a README is a quote: it names BENCHMARKS.md and that run's date, and BENCHMARKS.md
// shows the same number. Prose paragraphs only (code blocks hold examples, not measurements).
test.each(readmes)("%s quotes its speed and size figures from BENCHMARKS.md, with its date", (file) => {
  expect(runDate).toBeDefined();
  const prose = readFileSync(`${root}${file}`, "utf8").replace(/^```[\s\S]*?^```$/gm, "");
  for (const paragraph of prose.split(/\n\s*\n/)) {
    const figures = [...paragraph.matchAll(/(\d+(?:\.\d+)?) ?(KB|µs)\b/g)].map((match) => match[1] as string);
    if (figures.length === 0) continue;
    expect(paragraph, "a figure without its source").toContain("BENCHMARKS.md");
    expect(paragraph, "a figure without the date of its run").toContain(runDate);
    for (const figure of figures) expect(cells.has(figure), `${figure} is not in BENCHMARKS.md`).toBe(true);
  }
});
