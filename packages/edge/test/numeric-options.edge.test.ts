import { numericOptionsSuite } from "@leap-workflows/test-kit/numeric-options-suite";
import { verifyWebhookSignature, Workflows, webhookHandler } from "../src/index";

// The edge entry points hand their numbers to core's one validator, run inside the edge runtime.
numericOptionsSuite("edge", { verifyWebhookSignature, Workflows, webhookHandler });
