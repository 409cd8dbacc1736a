// Deno: deno run --allow-net --allow-env script.ts · Bun: bun script.ts
import { Workflows } from "@leap-workflows/edge"; // Deno without a package.json: "npm:@leap-workflows/edge"

// Reads LEAP_API_KEY (and LEAP_BASE_URL, e.g. the local dev server) from the environment.
const leap = new Workflows();

const run = await leap.runAndWait({ workflow_id: "wkf_echo", inputs: { hello: "world" } });
console.log(run.status, JSON.stringify(run.output));
