import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ChooseFault, Fault, ProxiedRequest } from "./faults";

/** A running fault proxy. */
export interface FaultProxy {
  /** Point the client's `baseUrl` here. */
  url: string;
  /** Every request the proxy saw, with the fault it applied. */
  seen: (ProxiedRequest & { fault: Fault["kind"] })[];
  /** Chooses the fault of each later request. @default pass everything */
  setFaults(choose: ChooseFault): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const HOP_BY_HOP = ["host", "connection", "keep-alive", "transfer-encoding", "content-length"];

// node:http with a keep-alive agent rather than fetch: a soak sends thousands of requests through here, and
// the proxy's own CPU cost should not be what limits it.
function forward(target: URL, agent: Agent, request: IncomingMessage, body: Buffer) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name)) headers[name] = value;
  }
  headers["content-length"] = String(body.length);
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname.replace(/\/$/, "") + (request.url ?? "/"),
        method: request.method,
        headers,
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined && !HOP_BY_HOP.includes(name)) {
              responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
            }
          }
          resolve({
            status: response.statusCode ?? 502,
            headers: responseHeaders,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

/** Starts a proxy on 127.0.0.1 in front of `target` that applies a chosen fault to each request. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const agent = new Agent({ keepAlive: true });
  let choose: ChooseFault = () => ({ kind: "pass" });
  const seen: FaultProxy["seen"] = [];
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const proxied: ProxiedRequest = {
      method: request.method ?? "GET",
      path: request.url ?? "/",
      headers: request.headers,
      index: seen.length,
    };
    const fault = choose(proxied);
    seen.push({ ...proxied, fault: fault.kind });
    switch (fault.kind) {
      case "reset-before":
        request.socket.destroy();
        return;
      case "status":
        response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        response.end(
          fault.body ?? JSON.stringify({ error: { type: "injected", message: `injected ${fault.status}` } }),
        );
        return;
      case "stall-headers":
        return;
      case "non-json":
        response.writeHead(200, { "content-type": "text/html" });
        response.end("<html><body>Gateway login</body></html>");
        return;
      default:
        break;
    }
    const answer = await forward(targetUrl, agent, request, body);
    if (fault.kind === "reset-after") {
      request.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {
      ...answer.headers,
      "content-length": String(answer.body.length),
    };
    if (fault.kind === "wrong-content-type") headers["content-type"] = "text/html";
    if (fault.kind === "stall-body" || fault.kind === "truncate") {
      response.writeHead(answer.status, headers);
      response.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      if (fault.kind === "truncate") setTimeout(() => request.socket.destroy(), 5);
      return;
    }
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    setFaults(next) {
      choose = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
