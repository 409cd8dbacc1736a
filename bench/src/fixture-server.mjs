// A minimal API server run in a SEPARATE process (forked by `startFixtureServer`), so its work does not
// share the measured client's event loop or heap.
// Mode "fast": every request gets the same completed run (GET 200, POST 201).
// Mode "slow": `GET /v1/runs/:id` answers `running` until `runMs` after the id was first seen, then
// `completed`; `GET /stats` answers how many requests it served.
import { fork } from "node:child_process";
import { createServer } from "node:http";

function runJson(id, status) {
  return JSON.stringify({
    id,
    version_id: "vsp_1",
    status,
    created_at: "2026-11-28T12:00:00.000Z",
    started_at: "2026-11-28T12:00:00.100Z",
    ended_at: status === "completed" ? "2026-11-28T12:00:01.000Z" : null,
    workflow_id: "wkf_123",
    error: null,
    input: { foo: "bar" },
    output: status === "completed" ? { greeting: "Hello" } : null,
  });
}

function serve(mode, runMs) {
  const fast = runJson("rnp_x3p27VQk6MyJfLe", "completed");
  const firstSeen = new Map();
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      let body = fast;
      if (mode === "slow") {
        if (request.url === "/stats") body = JSON.stringify({ requests });
        else {
          requests++;
          const id = request.url.split("/").pop();
          if (!firstSeen.has(id)) firstSeen.set(id, Date.now());
          body = runJson(id, Date.now() - firstSeen.get(id) >= runMs ? "completed" : "running");
        }
      }
      response.writeHead(request.method === "POST" ? 201 : 200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
}

/** Forks this file as a server process; resolves with its URL and a `stop()`. */
export async function startFixtureServer({ mode = "fast", runMs = 0 } = {}) {
  const child = fork(new URL(import.meta.url), [], {
    stdio: "inherit",
    env: { ...process.env, LEAP_BENCH_FIXTURE: `${mode}:${runMs}` },
  });
  const { port } = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`fixture server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill();
      }),
  };
}

const role = process.env.LEAP_BENCH_FIXTURE;
if (role && process.send) {
  const [mode, runMs] = role.split(":");
  serve(mode, Number(runMs));
}
