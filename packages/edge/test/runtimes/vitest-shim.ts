// Just enough of vitest's API (describe, test, test.each, hooks, expect) to run core's shared suites under
// Deno and Bun, which cannot host vitest itself. `expect` is vitest's own (@vitest/expect on chai), so the
// matchers behave exactly as in the vitest runs.
import { chai, JestAsymmetricMatchers, JestChaiExpect, JestExtend } from "@vitest/expect";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Body = () => unknown;

interface Suite {
  name: string;
  tests: { name: string; body: Body; timeout: number }[];
  children: Suite[];
  beforeAll: Body[];
  afterAll: Body[];
  beforeEach: Body[];
  afterEach: Body[];
}

const newSuite = (name: string): Suite => ({
  name,
  tests: [],
  children: [],
  beforeAll: [],
  afterAll: [],
  beforeEach: [],
  afterEach: [],
});
const root = newSuite("");
let current = root;

export function describe(name: string, body: () => void): void {
  const suite = newSuite(name);
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    body();
  } finally {
    current = parent;
  }
}

/** Formats a test.each title the way vitest does for the placeholders our suites use. */
function title(template: string, row: unknown): string {
  const args = Array.isArray(row) ? [...row] : [row];
  let name = template.replace(/\$(\w+)/g, (_, key: string) => String((row as Record<string, unknown>)[key]));
  name = name.replace(/%[sidfjoO]/g, (spec) => {
    const value = args.shift();
    if (spec === "%i" || spec === "%d") return String(Math.trunc(Number(value)));
    if (typeof value === "function") return value.name;
    return typeof value === "string" ? value : JSON.stringify(value);
  });
  return name;
}

/** A hang guard, as in vitest.config.ts: a loaded machine makes a test several times slower, never red. */
const DEFAULT_TEST_TIMEOUT = 30_000;

function addTest(name: string, body: Body, timeout = DEFAULT_TEST_TIMEOUT): void {
  current.tests.push({ name, body, timeout });
}

export const test = Object.assign(addTest, {
  each:
    <T>(rows: readonly T[]) =>
    (template: string, body: (...args: never[]) => unknown, timeout?: number) => {
      for (const row of rows) {
        const args = (Array.isArray(row) ? row : [row]) as never[];
        addTest(title(template, row), () => body(...args), timeout);
      }
    },
});
export const it = test;

export const beforeAll = (body: Body) => void current.beforeAll.push(body);
export const afterAll = (body: Body) => void current.afterAll.push(body);
export const beforeEach = (body: Body) => void current.beforeEach.push(body);
export const afterEach = (body: Body) => void current.afterEach.push(body);

export const expect = ((value: unknown, message?: string) =>
  chai.expect(value, message)) as typeof chai.expect;
Object.assign(expect, chai.expect);

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Outcome {
  passed: string[];
  failed: { name: string; error: string }[];
}

async function runSuite(
  suite: Suite,
  path: string[],
  inherited: { before: Body[]; after: Body[] },
  outcome: Outcome,
) {
  const names = suite.name ? [...path, suite.name] : path;
  const before = [...inherited.before, ...suite.beforeEach];
  const after = [...suite.afterEach, ...inherited.after];
  for (const hook of suite.beforeAll) await hook();
  try {
    for (const each of suite.tests) {
      const name = [...names, each.name].join(" > ");
      try {
        for (const hook of before) await hook();
        try {
          await withTimeout(Promise.resolve().then(each.body), each.timeout);
        } finally {
          for (const hook of after) await hook();
        }
        outcome.passed.push(name);
      } catch (error) {
        outcome.failed.push({ name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    for (const child of suite.children) await runSuite(child, names, { before, after }, outcome);
  } finally {
    for (const hook of suite.afterAll) await hook();
  }
}

/** Runs everything registered so far, sequentially, like vitest within one file. */
export async function runRegistered(): Promise<Outcome> {
  const outcome: Outcome = { passed: [], failed: [] };
  await runSuite(root, [], { before: [], after: [] }, outcome);
  return outcome;
}
