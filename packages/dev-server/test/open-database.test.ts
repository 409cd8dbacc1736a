import { createRequire } from "node:module";
import { expect, test } from "vitest";
import { openDatabase } from "../src/store/open-database";

// This file runs on Node 20 (better-sqlite3) and, through tooling/package-checks, on Node 26 (node:sqlite):
// both drivers must behave the same for what the store does.

test("with neither node:sqlite nor better-sqlite3, the error says which Node and the one step that fixes it", () => {
  const open = () => openDatabase(":memory:", { builtin: () => undefined, package: () => undefined });
  expect(open).toThrow(/Node v\d+.*no node:sqlite.*npm install --save-dev better-sqlite3/);
});

test("the built-in driver is chosen whenever this Node has it", () => {
  const hasBuiltin = process.getBuiltinModule?.("node:sqlite") !== undefined;
  let packageAsked = false;
  const db = openDatabase(":memory:", {
    builtin: () => process.getBuiltinModule?.("node:sqlite") as never,
    package: () => {
      packageAsked = true;
      return createRequire(import.meta.url)("better-sqlite3");
    },
  });
  expect(packageAsked).toBe(!hasBuiltin);
  db.close();
});

test("named parameters ignore extra keys, and transactions commit, roll back, and nest", () => {
  const db = openDatabase(":memory:");
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (a INTEGER, b TEXT)");
  const insert = db.prepare<{ a: number; b: string | null }>("INSERT INTO t (a, b) VALUES (@a, @b)");
  const rows = db.prepare<[], { a: number; b: string | null }>("SELECT a, b FROM t ORDER BY a");
  insert.run({ a: 1, b: "one", extra: true } as never);

  db.transaction(() => insert.run({ a: 2, b: null }))();
  expect(() =>
    db.transaction(() => {
      insert.run({ a: 3, b: "rolled back" });
      throw new Error("boom");
    })(),
  ).toThrow("boom");
  db.transaction(() => {
    insert.run({ a: 4, b: "outer" });
    expect(() =>
      db.transaction(() => {
        insert.run({ a: 5, b: "inner, rolled back" });
        throw new Error("inner");
      })(),
    ).toThrow("inner");
  })();

  expect(rows.all().map((row) => ({ ...row }))).toEqual([
    { a: 1, b: "one" },
    { a: 2, b: null },
    { a: 4, b: "outer" },
  ]);
  expect(db.prepare<[number], { b: string }>("SELECT b FROM t WHERE a = ?").get(9)).toBeUndefined();
  db.close();
});
