import { builtInWorkflows } from "@leap-workflows/dev-server";
import type { OutputRow } from "./csv-rows";
import type { PlaygroundEvent } from "./event-log";
import type { Stack } from "./stack";
import { EXPECTED_REASONS, TAMPERINGS, type Tampering } from "./tamper";
import { greet, wordCount, workflows } from "./workflows/definitions";

type Delivery = Extract<PlaygroundEvent, { type: "delivery" }>;
type BulkEvent = Extract<PlaygroundEvent, { type: "bulk" }>;
type AttemptEvent = Extract<PlaygroundEvent, { type: "attempt" }>;
const isDelivery = (event: PlaygroundEvent): event is Delivery => event.type === "delivery";

/**
 * The playground's story, headless: start typed runs through the SDK, see bad inputs stopped before
 * sending, see both receivers verify (and type) their webhooks, see tampered deliveries rejected, run a
 * bulk job. Prints a transcript; throws on any deviation.
 */
export async function runScenario(
  stack: Stack,
  appUrl: string,
  print: (line: string) => void,
): Promise<void> {
  const { leap, log } = stack;
  const send = (path: string, body: unknown) =>
    fetch(`${appUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const post = async (path: string, body: unknown) => {
    const response = await send(path, body);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const outputRows = async (bulkId: string) => {
    const response = await fetch(`${appUrl}/api/bulk/${bulkId}/rows`);
    if (!response.ok)
      throw new Error(`reading ${bulkId}'s rows answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { rows: OutputRow[] }).rows;
  };
  const deliveryFor = (runId: string, receiver: "node" | "edge") =>
    log.waitFor(
      (event): event is Delivery =>
        isDelivery(event) && event.runId === runId && event.receiver === receiver && event.verified,
    );

  print(`dev server  ${stack.devServer.url}  (workflows: ${stack.devServer.workflowIds.join(", ")})`);
  print(`receivers   node ${stack.receivers.nodeUrl}  edge ${stack.receivers.edgeUrl}`);
  print(`typed by    ${workflows.map((workflow) => workflow.id).join(", ")} (src/workflows/definitions.ts)`);

  // The page's inputs go through greet's schema before anything is sent: no run is created.
  const runsBefore = stack.devServer.listRuns().length;
  const refused = await send("/api/runs", { workflow_id: "wkf_greet", inputs: { name: 42 } });
  const refusal = ((await refused.json()) as { refused?: { message?: string } }).refused?.message ?? "";
  if (
    refused.status !== 200 ||
    !refusal.includes("inputs.name") ||
    stack.devServer.listRuns().length !== runsBefore
  )
    throw new Error(
      `wkf_greet with { name: 42 } should be refused before sending, got ${refused.status}: ${refusal}`,
    );
  print(`refused     { name: 42 } before sending: ${refusal}`);

  const started = (await post("/api/runs", { workflow_id: "wkf_greet", inputs: { name: "Ada" } })) as {
    id: string;
    status: string;
  };
  print(`run         ${started.id} started: ${started.status}`);
  // With its definition, the wait checks the output against greet's schema and types it.
  const done = await leap.runs.wait(started.id, { workflow: greet, initialInterval: 50 });
  if (done.status !== "completed")
    throw new Error(`expected ${done.id} to complete, it ${done.status}: ${done.error ?? "no error"}`);
  print(`run         ${done.id} ${done.status}: ${done.output?.greeting}`);
  for (const receiver of ["node", "edge"] as const) {
    const delivery = await deliveryFor(done.id, receiver);
    print(`webhook     ${receiver} receiver verified ${delivery.webhookId}: ${delivery.detail}`);
  }

  const counted = await leap.runAndWait(
    wordCount,
    { text: "one schema types them all" },
    { initialInterval: 50 },
  );
  if (counted.output?.words !== 5)
    throw new Error(`wkf_word_count should count 5 words, it answered ${JSON.stringify(counted.output)}`);
  print(
    `run         ${counted.id} ${counted.status}: ${counted.output.words} words, the longest "${counted.output.longest}"`,
  );

  for (const kind of Object.keys(TAMPERINGS) as Tampering[]) {
    const before = log.events.length;
    const { statuses } = (await post("/api/tamper", { runId: done.id, kind })) as { statuses: number[] };
    const rejected = log.events
      .slice(before)
      .filter((event) => isDelivery(event) && !event.verified) as Delivery[];
    const reasons = rejected.map((event) => event.reason);
    if (
      !statuses.every((status) => status === 401) ||
      reasons.length !== 2 ||
      !reasons.every((reason) => reason === EXPECTED_REASONS[kind])
    ) {
      throw new Error(
        `tampering "${kind}" was not rejected by both receivers with ${EXPECTED_REASONS[kind]}: statuses ${JSON.stringify(statuses)}, reasons ${JSON.stringify(reasons)}`,
      );
    }
    print(`tampered    ${TAMPERINGS[kind]}: rejected by node and edge (${rejected[0]?.reason})`);
  }

  const failing = await leap.runAndWait(
    builtInWorkflows.fail,
    { message: "as designed" },
    { initialInterval: 50 },
  );
  if (failing.status !== "failed" || failing.error !== "as designed")
    throw new Error(`expected wkf_fail to fail with "as designed", it ${failing.status}: ${failing.error}`);
  print(`run         ${failing.id} ${failing.status}: ${failing.error}`);

  const bulk = (await post("/api/bulk", {
    workflow_id: "wkf_greet",
    csv: "name\nAda\nGrace\nKatherine\n",
  })) as { id: string };
  const bulkDone = await leap.bulkRuns.wait(bulk.id, { initialInterval: 50 });
  if (bulkDone.status !== "completed" || bulkDone.row_count !== 3)
    throw new Error(`bulk run ended ${JSON.stringify(bulkDone)}`);
  // The output CSV, read through the playground's server (which holds the API key).
  const rows = await outputRows(bulkDone.id);
  if (rows.length !== 3 || !rows.every((row) => row.status === "completed"))
    throw new Error(`bulk output CSV should hold 3 completed rows, it holds ${JSON.stringify(rows)}`);
  print(`bulk run    ${bulkDone.id} ${bulkDone.status}: ${bulkDone.row_count} rows, all completed`);
  print(`            row 1: ${rows[0]?.run_id} ${rows[0]?.output}`);
  for (const receiver of ["node", "edge"] as const) {
    const delivery = await deliveryFor(bulkDone.id, receiver);
    print(`webhook     ${receiver} receiver verified the bulk run's webhook ${delivery.webhookId}`);
  }
  // A row that breaks the workflow's inputs schema fails alone; the bulk run completes and says how many.
  const mixed = (await post("/api/bulk", {
    workflow_id: "wkf_greet",
    csv: "name,note\nAda,ok\n,no name\n",
  })) as {
    id: string;
  };
  const progress = await log.waitFor(
    (event): event is BulkEvent =>
      event.type === "bulk" &&
      event.bulk.id === mixed.id &&
      event.bulk.status !== "running" &&
      event.rows.failed > 0,
  );
  const failedRow = (await outputRows(mixed.id)).find((row) => row.status === "failed");
  if (
    progress.rows.completed !== 1 ||
    progress.rows.total !== 2 ||
    !failedRow?.error.includes("non-empty name")
  )
    throw new Error(
      `the bulk run with a nameless row ended ${JSON.stringify(progress)}, ${JSON.stringify(failedRow)}`,
    );
  print(
    `bulk run    ${mixed.id} ${progress.bulk.status}: ${progress.rows.total} rows, ${progress.rows.completed} completed, ${progress.rows.failed} failed (row ${failedRow.row}: ${failedRow.error})`,
  );

  // A CSV with no header row fails the bulk run, with the API's error.
  const empty = (await post("/api/bulk", { workflow_id: "wkf_greet", csv: "" })) as { id: string };
  const emptyDone = await leap.bulkRuns.wait(empty.id, { initialInterval: 50 });
  if (emptyDone.status !== "failed" || !emptyDone.error?.includes("no header row"))
    throw new Error(`an empty CSV should fail the bulk run, it ended ${JSON.stringify(emptyDone)}`);
  print(`bulk run    ${emptyDone.id} ${emptyDone.status}: ${emptyDone.error}`);

  // Receivers down for the first attempt: the fan-out answers 503, the dev server retries with the same
  // webhook-id, and both receivers verify the retry.
  const retried = (await post("/api/runs", {
    workflow_id: "wkf_echo",
    inputs: { hello: "again" },
    outage: 1,
  })) as {
    id: string;
  };
  const attempts = await Promise.all(
    [1, 2].map((attempt) =>
      log.waitFor(
        (event): event is AttemptEvent =>
          event.type === "attempt" && event.subjectId === retried.id && event.attempt === attempt,
      ),
    ),
  );
  const verified = await Promise.all(
    (["node", "edge"] as const).map((receiver) => deliveryFor(retried.id, receiver)),
  );
  if (
    attempts[0]?.answer !== 503 ||
    attempts[1]?.answer !== 200 ||
    !verified.every((event) => event.attempt === 2)
  )
    throw new Error(`the retried webhook went ${JSON.stringify(attempts)}, ${JSON.stringify(verified)}`);
  print(
    `webhook     ${retried.id} attempt 1 answered 503 (receivers down), attempt 2 answered 200: verified by node and edge`,
  );

  // Only the tampered copies may have been rejected: a genuine delivery never.
  const genuineRejected = log.events.filter(
    (event) => isDelivery(event) && !event.verified && !event.label.startsWith("tampered"),
  );
  if (genuineRejected.length > 0)
    throw new Error(`genuine deliveries were rejected: ${JSON.stringify(genuineRejected)}`);
  print("scenario    passed");
}
