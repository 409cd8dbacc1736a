// One receiver instance of the many-receivers proof, whatever its store: node:http + webhookHandler + the id
// store it is given, shared with its siblings. Every onRun start and finish is appended to this process's own
// LOG_FILE (appends are synchronous, so a SIGKILL loses nothing already logged).
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { webhookHandler } from "@leap-workflows/node";

/** Serves webhookHandler on a free 127.0.0.1 port with `dedupe`, saying `listening on <url>` once it listens. */
export function serveReceiver(dedupe) {
  const env = process.env;
  const log = (line) => appendFileSync(env.LOG_FILE ?? "", `${line}\n`);
  const handler = webhookHandler(
    env.LEAP_WEBHOOK_SECRET ?? "",
    async (run, { webhookId }) => {
      log(`start ${webhookId}`);
      if (webhookId === env.HANG_ID) {
        process.stdout.write(`hanging in onRun ${webhookId}\n`);
        await new Promise(() => {}); // until SIGKILL
      }
      if (webhookId === env.FAIL_ID) throw new Error("onRun fails on purpose");
      // A little real async work, so copies overlap with the claim held.
      await new Promise((resolve) => setImmediate(resolve));
      log(`done ${webhookId} ${run.id}`);
    },
    {
      dedupe,
      claimTtlSeconds: env.CLAIM_TTL_SECONDS ? Number(env.CLAIM_TTL_SECONDS) : undefined,
      onError: () => {},
    },
  );
  // Idle keep-alive sockets stay open for the whole test: with Node's 5 s default, a loaded machine lets the
  // sender reuse a socket at the moment this server closes it (UND_ERR_SOCKET or ECONNRESET), a race no
  // receiver logic is in.
  const server = createServer({ keepAliveTimeout: 10 * 60_000 }, handler);
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
  });
}
