import { fetchBodyLimitTests } from "@leap-workflows/test-kit/fetch-body-limits-suite";
import { describe } from "vitest";
import { webhookHandler } from "../src/index";

describe("edge webhookHandler body limits (edge-runtime)", () => fetchBodyLimitTests(webhookHandler));
