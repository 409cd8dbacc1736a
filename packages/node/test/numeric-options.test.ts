import { numericOptionsSuite } from "@leap-workflows/test-kit/numeric-options-suite";
import { verifyWebhookSignature, Workflows, webhookHandler } from "../src/index";

// Node's entry points hand their numbers to core's one validator (its client on undici); this proves each is wired.
numericOptionsSuite("node", { verifyWebhookSignature, Workflows, webhookHandler });
