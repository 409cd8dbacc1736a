import type { BulkRun, WebhookDelivery, WorkflowRun } from "@leap-workflows/core";
import type { WebhookHeaders } from "@leap-workflows/core/internal";
import * as edge from "@leap-workflows/edge";
import * as node from "@leap-workflows/node";
import { expectTypeOf, test } from "vitest";

declare const body: string;
declare const bytes: Uint8Array;
declare const headers: WebhookHeaders;
declare const secret: string;

test("both runtimes take both shapes; node returns the run, edge a promise of it", () => {
  expectTypeOf(node.verifyWebhook(body, headers, secret)).toEqualTypeOf<WorkflowRun>();
  expectTypeOf(node.verifyWebhook({ body: bytes, headers }, secret)).toEqualTypeOf<WorkflowRun>();
  expectTypeOf(node.verifyWebhookSignature({ body, headers }, [secret])).toEqualTypeOf<string>();
  expectTypeOf(edge.verifyWebhook(bytes, headers, secret)).toEqualTypeOf<Promise<WorkflowRun>>();
  expectTypeOf(edge.verifyWebhook({ body, headers }, secret)).toEqualTypeOf<Promise<WorkflowRun>>();
  expectTypeOf(edge.verifyWebhookSignature(body, headers, secret)).toEqualTypeOf<Promise<string>>();
  // A parsed body is refused by the types too, not only at run time.
  // @ts-expect-error: an object is not a raw body
  node.verifyWebhook({ id: "rnp_1" }, headers, secret);
  // @ts-expect-error: the headers cannot be left out
  edge.verifyWebhook(body, secret);
});

test("verifyWebhookDelivery returns either kind, narrowed on `kind`; WebhookInput is one shape on both", () => {
  const delivery = node.verifyWebhookDelivery(body, headers, secret);
  expectTypeOf(delivery).toEqualTypeOf<WebhookDelivery>();
  if (delivery.kind === "bulk_run") expectTypeOf(delivery.bulkRun).toEqualTypeOf<BulkRun>();
  else expectTypeOf(delivery.run).toEqualTypeOf<WorkflowRun>();
  expectTypeOf(edge.verifyWebhookDelivery({ body, headers }, secret)).toEqualTypeOf<
    Promise<WebhookDelivery>
  >();
  expectTypeOf<node.WebhookInput>().toEqualTypeOf<edge.WebhookInput>();
});
