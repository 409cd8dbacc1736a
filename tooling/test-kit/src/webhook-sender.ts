import { fakeRun } from "./fixture-server";

/** A webhook handler's answer as the receivers' proofs read it. */
export interface DeliveryAnswer {
  status: number;
  body: { ok?: true; duplicate?: true; error?: { type: string } };
}

/** A finished run's webhook body (test-kit's fake run, completed). */
export function finishedRunBody(runId: string): string {
  return JSON.stringify(
    fakeRun({ id: runId, status: "completed", ended_at: "2026-11-28T12:00:01.000Z", output: { ok: true } }),
  );
}

/**
 * Sends a webhook delivery the way an at-least-once sender does: again after every non-200 answer (a 409 while
 * another instance holds the claim, a 5xx), a short pause between attempts, until a 200; returns every answer.
 * Bounded, so a receiver that never accepts fails the test instead of hanging it.
 */
export async function deliverUntilAccepted<A extends { status: number }>(
  post: () => Promise<A>,
  maxAttempts = 1_000,
): Promise<A[]> {
  const answers: A[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const answer = await post();
    answers.push(answer);
    if (answer.status === 200) return answers;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no 200 after ${answers.length} attempts: ${JSON.stringify(answers.at(-1))}`);
}
