// @leap-workflows/edge's verifier alone (signature, timestamp, run validation), beside svix's verifier.
import { verifyWebhook } from "@leap-workflows/edge";

export function job(request: Request, secret: string) {
  return verifyWebhook(request, secret);
}
