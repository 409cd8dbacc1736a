#!/usr/bin/env node
// The `leap-workflows` bin. Everything testable lives in ./cli/; this file only wires process I/O.
import { runCli } from "./cli/main";

runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `leap-workflows: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);
