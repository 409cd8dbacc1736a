import { readFile } from "node:fs/promises";
import { parseWebhookDelivery } from "@leap-workflows/core/internal";
import { verifyWebhookSignature } from "../verify-webhook";
import type { Command } from "./command";
import { EXIT } from "./exit-codes";
import { readAll, UsageError } from "./io";
import { COMMON_OPTIONS, parseCommand, parseSeconds } from "./parse-command";
import { printBulkRun, printRun } from "./print-run";
import { parseSavedRequest } from "./saved-request";

export const verifyCommand: Command = {
  name: "verify",
  summary: "check a saved webhook's signature",
  help: `Usage: leap-workflows verify [--secret whsec_...] [--file <request>] [--tolerance <seconds>] [--json] < request

Checks that a saved webhook was signed with your secret and that its body is a run (or a bulk run), then
prints it.
The request is read from --file or stdin, in either format:
  - a raw HTTP request:  POST /hooks HTTP/1.1, header lines, a blank line, then the body as received
  - JSON:                { "headers": { "webhook-id": "...", "webhook-timestamp": "...",
                           "webhook-signature": "v1,..." }, "body": "<the raw body as a string>" }
A saved webhook is usually older than the 5-minute replay window, so its age is not checked unless you
pass --tolerance.

Options:
  --secret <whsec_...>    the signing secret (default LEAP_WEBHOOK_SECRET; prefer the variable: arguments
                          show in \`ps\` and shell history)
  --file <path>           read the request from a file instead of stdin
  --tolerance <seconds>   also reject a timestamp further than this from now, as a handler would
  --json                  print the run or bulk run (or the error, with its reason) as JSON on stdout
  -h, --help              this help

Exit codes: 0 verified, 2 usage error, 4 verification failed.`,
  async run(args, io, state) {
    const { values, positionals } = parseCommand(args, {
      ...COMMON_OPTIONS,
      secret: { type: "string" },
      file: { type: "string" },
      tolerance: { type: "string" },
    });
    state.json = values.json === true;
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const secret = values.secret ?? io.env.LEAP_WEBHOOK_SECRET;
    if (!secret) throw new UsageError("verify needs the secret: set LEAP_WEBHOOK_SECRET or pass --secret");
    const tolerance = parseSeconds(values.tolerance, "--tolerance");
    let bytes: Buffer;
    try {
      bytes = values.file === undefined ? await readAll(io.stdin) : await readFile(values.file);
    } catch (error) {
      throw new UsageError(`cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    if (bytes.length === 0) throw new UsageError("no request: pipe a saved webhook to stdin or pass --file");
    const request = parseSavedRequest(bytes);
    const timestamp = Number(request.headers["webhook-timestamp"] ?? request.headers["svix-timestamp"]);
    const text = verifyWebhookSignature(request.body, request.headers, secret, {
      // Without --tolerance, "now" is the webhook's own timestamp: only the signature and body are judged.
      ...(tolerance === undefined
        ? Number.isFinite(timestamp)
          ? { now: () => timestamp * 1000 }
          : {}
        : { toleranceSeconds: tolerance / 1000 }),
    });
    const delivery = parseWebhookDelivery(text);
    if (!state.json) io.stderr.write("Signature verified.\n");
    if (delivery.kind === "run") printRun(io, delivery.run, state.json);
    else printBulkRun(io, delivery.bulkRun, state.json);
    return EXIT.ok;
  },
};
