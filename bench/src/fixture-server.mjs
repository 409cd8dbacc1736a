// A minimal API server run in a separate process, so its work does not share the client's event loop.
import { createServer } from "node:http";

const run = JSON.stringify({
  id: "rnp_x3p27VQk6MyJfLe",
  version_id: "vsp_1",
  status: "completed",
  created_at: "2026-11-28T12:00:00.000Z",
  started_at: "2026-11-28T12:00:00.100Z",
  ended_at: "2026-11-28T12:00:01.000Z",
  workflow_id: "wkf_123",
  error: null,
  input: { foo: "bar" },
  output: { greeting: "Hello" },
});

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(request.method === "POST" ? 201 : 200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(run),
    });
    response.end(run);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
