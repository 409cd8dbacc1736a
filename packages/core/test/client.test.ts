import { Workflows } from "../src/index";
import { clientSuite } from "./client-suite";

clientSuite("core, global fetch", (options) => new Workflows(options));
