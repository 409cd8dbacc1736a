import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { type Difference, diff, matches, normalize } from "./compare-documents";
import { LEAP_DOCUMENT, PROJECT_DOCUMENT } from "./prism";

interface KnownDifferences {
  schemaNames: Record<string, string>;
  inline: string[];
  differences: { at: string; reason: string }[];
}

const known = parse(
  readFileSync(new URL("../leap/known-differences.yaml", import.meta.url), "utf8"),
) as KnownDifferences;
const ours = parse(readFileSync(PROJECT_DOCUMENT, "utf8"));
const leap = JSON.parse(readFileSync(LEAP_DOCUMENT, "utf8"));
const differences = diff(
  normalize(ours, { schemaNames: known.schemaNames, inline: known.inline }),
  normalize(leap),
);

const show = (difference: Difference) =>
  `${difference.at}: ours ${JSON.stringify(difference.ours) ?? "(none)"}, Leap's ${JSON.stringify(difference.theirs) ?? "(none)"}`;

test("every difference from Leap's published schema is written down with a reason", () => {
  const unexplained = differences.filter(
    (difference) => !known.differences.some((entry) => matches(entry.at, difference.at)),
  );
  expect(
    unexplained.map(show),
    `differences from Leap's published schema with no reason in leap/known-differences.yaml:\n${unexplained.map(show).join("\n")}`,
  ).toEqual([]);
});

test("every written-down difference still exists and has a reason", () => {
  const stale = known.differences.filter(
    (entry) => !differences.some((difference) => matches(entry.at, difference.at)),
  );
  expect(
    stale.map((entry) => entry.at),
    "entries that match no difference any more: remove them",
  ).toEqual([]);
  for (const entry of known.differences) expect(entry.reason?.trim().length, entry.at).toBeGreaterThan(20);
});

test("the comparison sees what matters: a change on either side is a difference", () => {
  // A check of the checker: the inputs name, a nullable field and a status code.
  const changed = structuredClone(leap);
  changed.components.schemas.WorkflowRunSchema.properties.input.nullable = false;
  changed.paths["/v1/runs"].post.responses["201"] = changed.paths["/v1/runs"].post.responses["200"];
  const found = diff(normalize(ours, known), normalize(changed)).map((difference) => difference.at);
  expect(found).toContain("schemas.WorkflowRunSchema.properties.input.type");
  expect(found).toContain("paths./v1/runs.post.responses.201");
  expect(differences.map((difference) => difference.at)).toContain(
    "schemas.RunWorkflowSchema.properties.inputs",
  );
});
