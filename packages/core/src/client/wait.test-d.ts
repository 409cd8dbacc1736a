import { expectTypeOf, test } from "vitest";
import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";
import { Workflows } from "./workflows";

test("onPoll sees what is polled: a run for runs, a bulk run for bulk runs", () => {
  const leap = new Workflows({ apiKey: "leap_test_key" });
  void leap.runs.wait("rnp_1", { onPoll: (run) => expectTypeOf(run).toEqualTypeOf<WorkflowRun>() });
  void leap.runAndWait(
    { workflow_id: "wkf_1" },
    { onPoll: (run) => expectTypeOf(run).toEqualTypeOf<WorkflowRun>() },
  );
  void leap.bulkRuns.wait("bulk_9Nmenl7rxIu2FiSsnqNyTe9G", {
    onPoll: (bulk) => expectTypeOf(bulk).toEqualTypeOf<BulkRun>(),
  });
  // @ts-expect-error a run has no row_count
  void leap.runs.wait("rnp_1", { onPoll: (run) => run.row_count });
});
