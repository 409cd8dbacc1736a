import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateWebhookSecret } from "@leap-workflows/core";
import { parseWebhookSecret } from "@leap-workflows/core/internal";
import { DataFolderError } from "./data-folder-errors";

/** Where a data folder keeps the webhook secret generated for it. */
const WEBHOOK_SECRET_FILE = "webhook-secret";

/**
 * The webhook secret kept in `folder` (generated and written, readable by its owner only, on the first
 * start), so that receivers keep verifying across restarts. Call it while holding the folder's lock.
 */
export function storedWebhookSecret(folder: string): string {
  const path = join(folder, WEBHOOK_SECRET_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    const secret = text.trim();
    try {
      parseWebhookSecret(secret);
    } catch {
      // Never the file's content: it may be a secret in another form.
      throw new DataFolderError(
        `${path} does not hold a webhook secret (whsec_ and base64): delete it to have a new one generated, or pass one (--webhook-secret, or the \`webhookSecret\` option)`,
      );
    }
    return secret;
  }
  const secret = generateWebhookSecret();
  // Written whole, then renamed into place: a crash never leaves half a secret behind.
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${secret}\n`, { mode: 0o600 });
  renameSync(partial, path);
  return secret;
}
