import { createHash, randomFillSync } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Random bytes drawn 4 KiB at a time: one system call per ~270 ids instead of one per id (bulk runs make
// ids by the hundred thousand).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

// The time part in ASCII order, so that ids sort by time as SQLite compares them.
const SORTED_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TIME_CHARS = 7; // base62 milliseconds: 62^7 ms reaches the year 2081

/**
 * A new id like Leap's: `rnp_x3p27VQk6MyJfLe` (a run: 15 base62 characters after the prefix),
 * `bulk_9Nmenl7rxIu2FiSsnqNyTe9G` (a bulk run: 24). The first 7 are the time in milliseconds and the rest
 * random: ids made together sort together, so the inserts of a bulk run's rows land on the last pages of
 * the id index instead of one random page each (a commit then writes a few pages, not one per row). The
 * random part (62^8 values per millisecond for a run) keeps them unique.
 */
export function newId(prefix: "rnp" | "bulk" | "msg"): string {
  const length = (prefix === "bulk" ? 24 : 15) - TIME_CHARS;
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let id = `${prefix}_${timePart(Date.now())}`;
  for (let index = poolOffset; index < poolOffset + length; index++)
    id += ALPHABET[(pool[index] as number) % ALPHABET.length];
  poolOffset += length;
  return id;
}

let lastMs = -1;
let lastTime = "";

/** `ms` in TIME_CHARS base62 characters (made once per millisecond: a bulk run makes hundreds per one). */
function timePart(ms: number): string {
  if (ms === lastMs) return lastTime;
  let rest = ms;
  let text = "";
  for (let index = 0; index < TIME_CHARS; index++) {
    text = (SORTED_ALPHABET[rest % 62] as string) + text;
    rest = Math.floor(rest / 62);
  }
  lastMs = ms;
  lastTime = text;
  return text;
}

/** A stable `vsp_…` version id per workflow, so that every run of one workflow shows the same version. */
export function versionIdOf(workflowId: string): string {
  return `vsp_${createHash("sha256").update(workflowId).digest("base64url").slice(0, 15)}`;
}

// Object keys sorted: a retry whose JSON lists the same fields in another order is the same request.
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return Object.fromEntries(
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, field]) => [key, canonical(field)]),
  );
};

/** A stable fingerprint of a request body, to tell a replayed Idempotency-Key from a reused one. */
export function fingerprint(value: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(value)))
    .digest("base64url");
}
