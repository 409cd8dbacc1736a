import { clientSuite } from "@leap-workflows/test-kit/client-suite";
import { Workflows } from "../src/index";

const runtime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === "string" ? "edge-runtime" : "Node";
clientSuite(`core, ${runtime} global fetch`, (options) => new Workflows(options));
