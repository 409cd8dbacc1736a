// The closest job on replicate's client: create a prediction and wait; its verifier checks webhooks.
import Replicate, { validateWebhook } from "replicate";

export async function job(auth: string, request: Request, secret: string) {
  const replicate = new Replicate({ auth });
  const prediction = await replicate.predictions.create({ version: "v1", input: { foo: "bar" } });
  await replicate.wait(prediction);
  return validateWebhook(request, secret);
}
