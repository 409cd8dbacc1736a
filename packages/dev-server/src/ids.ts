import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A new id like `rnp_x3p27VQk6MyJfLe`: the prefix, then 15 random base62 characters. */
export function newId(prefix: "rnp" | "bkr" | "msg"): string {
  const bytes = randomBytes(15);
  let id = `${prefix}_`;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** A stable `vsp_…` version id per workflow, so that every run of one workflow shows the same version. */
export function versionIdOf(workflowId: string): string {
  return `vsp_${createHash("sha256").update(workflowId).digest("base64url").slice(0, 15)}`;
}

/** A stable fingerprint of a request body, to tell a replayed Idempotency-Key from a reused one. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url");
}
