import { Workflows } from "@leap-workflows/node";

// Reads LEAP_API_KEY (and LEAP_BASE_URL, e.g. the local dev server) from the environment.
const leap = new Workflows();

const run = await leap.runAndWait({
  workflow_id: process.argv[2] ?? "wkf_echo",
  inputs: { hello: "world" },
});
console.log(run.status, JSON.stringify(run.output));
