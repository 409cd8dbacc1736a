import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as core from "@leap-workflows/core";
import * as internal from "@leap-workflows/core/internal";
import * as edge from "@leap-workflows/edge";
import * as edgeTesting from "@leap-workflows/edge/testing";
import * as node from "@leap-workflows/node";
import * as nodeTesting from "@leap-workflows/node/testing";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { packageDir } from "./packages";

// The public surface: core's root is small enough to read in one screen, its README says what each name is
// for, and node and edge re-export that one list (node with its own `Workflows` in place of core's).

const require = createRequire(import.meta.url);
const CORE_ROOT_LIMIT = 60;
/** Names node declares itself in place of core's (its client runs on undici). */
const NODE_REPLACES = ["Workflows", "WorkflowsOptions"];

/** Every name a built declaration file exports, types included, with whether core's dist declares it. */
function declaredNames(file: string): { all: string[]; fromCore: string[] } {
  const program = ts.createProgram([file], {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`no module symbol for ${file}`);
  const all: string[] = [];
  const fromCore: string[] = [];
  for (const symbol of checker.getExportsOfModule(module)) {
    all.push(symbol.name);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const where = target.declarations?.[0]?.getSourceFile().fileName ?? "";
    if (where.includes("/packages/core/dist/")) fromCore.push(symbol.name);
  }
  return { all: all.sort(), fromCore: fromCore.sort() };
}

const typesOf = (name: string, entry = "index") => declaredNames(`${packageDir(name)}/dist/${entry}.d.ts`);
const coreRoot = typesOf("core").all;

describe("@leap-workflows/core's root", () => {
  test(`exports at most ${CORE_ROOT_LIMIT} names, types included`, () => {
    expect(coreRoot.length, coreRoot.join(", ")).toBeLessThanOrEqual(CORE_ROOT_LIMIT);
  });

  test("shares no name with ./internal (each building block has one home)", () => {
    const inInternal = new Set(typesOf("core", "internal").all);
    expect(coreRoot.filter((name) => inInternal.has(name))).toEqual([]);
  });

  test("the README's table lists exactly the root's names", () => {
    const readme = readFileSync(`${packageDir("core")}/README.md`, "utf8");
    const section = readme.split(/^## What it exports$/m)[1]?.split(/^## /m)[0] ?? "";
    const listed = [...section.matchAll(/^\| ([^|]+) \|/gm)]
      .flatMap((row) => [...(row[1] ?? "").matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((name) => name[1]))
      .sort();
    expect(listed, "add a row (or a name to a row) in README.md's 'What it exports'").toEqual(coreRoot);
  });
});

describe("node and edge re-export core's root as one list", () => {
  test("types: every root name, from core, except the ones node declares itself", () => {
    expect(typesOf("edge").fromCore).toEqual(coreRoot);
    expect(typesOf("node").fromCore).toEqual(coreRoot.filter((name) => !NODE_REPLACES.includes(name)));
    for (const name of NODE_REPLACES) expect(typesOf("node").all).toContain(name);
  });

  test.each([
    ["ESM", { core, node, edge, internal }],
    [
      "CJS",
      {
        core: require("@leap-workflows/core"),
        node: require("@leap-workflows/node"),
        edge: require("@leap-workflows/edge"),
        internal: require("@leap-workflows/core/internal"),
      },
    ],
  ])("values (%s): the same objects, so instanceof holds across packages", (_, modules) => {
    const values = Object.keys(modules.core).sort();
    expect(values.length).toBeGreaterThan(0);
    for (const name of values) {
      expect(modules.edge[name], `edge.${name}`).toBe(modules.core[name]);
      if (name !== "Workflows") expect(modules.node[name], `node.${name}`).toBe(modules.core[name]);
    }
    expect(modules.node.Workflows).not.toBe(modules.core.Workflows);
    expect(modules.node.Workflows.prototype).toBeInstanceOf(modules.core.Workflows);
    // ./internal shares the root's classes: an error it throws is the one users catch.
    expect(() => modules.internal.parseWebhookDelivery("{}")).toThrow(modules.core.WebhookVerificationError);
  });
});

describe("test helpers live on the testing entries, off the production roots", () => {
  test("node/testing and edge/testing export the same helpers; no root carries them", () => {
    expect(Object.keys(nodeTesting).sort()).toEqual(["createWebhookHeaders"]);
    expect(Object.keys(edgeTesting).sort()).toEqual(["createWebhookHeaders"]);
    expect(nodeTesting.createWebhookHeaders).toBe(edgeTesting.createWebhookHeaders);
    for (const root of [core, node, edge]) expect(Object.keys(root)).not.toContain("createWebhookHeaders");
    expect(Object.keys(core)).not.toContain("implementWorkflow");
  });
});
