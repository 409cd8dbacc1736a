import { describe } from "vitest";
import { bodyLimitTests } from "./webhook-body-limits";

describe("edge webhookHandler body limits (edge-runtime)", bodyLimitTests);
