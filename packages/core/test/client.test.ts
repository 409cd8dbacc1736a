import { Workflows } from "../src/index";
import { clientSuite } from "./client-suite";

const runtime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === "string" ? "edge-runtime" : "Node";
clientSuite(`core, ${runtime} global fetch`, (options) => new Workflows(options));
