import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Signs and checks expiring links to bulk runs' output CSVs, like S3's presigned URLs. */
export interface OutputLinkSigner {
  /** The query (`expires=…&signature=…`) that lets `path` be fetched without an API key until it expires. */
  sign(path: string, nowMs?: number): string;
  /** Why a link is refused, or `undefined` when its signature is valid and unexpired. */
  refusal(path: string, query: URLSearchParams, nowMs?: number): string | undefined;
}

/** How long an `output_csv_url` works; retrieving the bulk run again gives a fresh one. */
export const OUTPUT_LINK_TTL_SECONDS = 3600;

/** A signer with its own random secret: links die with the server (a restart issues new ones). */
export function createOutputLinkSigner(
  secret: Uint8Array = randomBytes(32),
  ttlSeconds = OUTPUT_LINK_TTL_SECONDS,
): OutputLinkSigner {
  const mac = (path: string, expires: string) =>
    createHmac("sha256", secret).update(`${path}\n${expires}`).digest();
  return {
    sign(path, nowMs = Date.now()) {
      const expires = String(Math.floor(nowMs / 1000) + ttlSeconds);
      return `expires=${expires}&signature=${mac(path, expires).toString("base64url")}`;
    },
    refusal(path, query, nowMs = Date.now()) {
      const expires = query.get("expires");
      const signature = query.get("signature");
      if (!expires || !signature) return "The output_csv_url is missing its expires or signature";
      const given = Buffer.from(signature, "base64url");
      const expected = mac(path, expires);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return "The output_csv_url signature is not valid; retrieve the bulk run for a fresh link";
      }
      if (!/^\d+$/.test(expires) || Number(expires) * 1000 < nowMs) {
        return "The output_csv_url has expired; retrieve the bulk run for a fresh link";
      }
      return undefined;
    },
  };
}
