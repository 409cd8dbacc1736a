import { createHash, randomFillSync } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Random bytes drawn 4 KiB at a time: one system call per ~270 ids instead of one per id (bulk runs make
// ids by the hundred thousand).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** A new id like `rnp_x3p27VQk6MyJfLe`: the prefix, then 15 random base62 characters. */
export function newId(prefix: "rnp" | "bkr" | "msg"): string {
  if (poolOffset + 15 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let id = `${prefix}_`;
  for (let index = poolOffset; index < poolOffset + 15; index++)
    id += ALPHABET[(pool[index] as number) % ALPHABET.length];
  poolOffset += 15;
  return id;
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
