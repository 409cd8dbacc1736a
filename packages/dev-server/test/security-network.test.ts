import type { ChildProcess } from "node:child_process";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type BulkRun, ConfigurationError, Workflows } from "@leap-workflows/core";
import { afterEach, describe, expect, test } from "vitest";
import { createDevServer, type DevServerOptions } from "../src/index";
import { addressKind, addressRefusal, csvHostName } from "../src/runner/csv-addresses";
import { exited } from "./cli-process";
import { listenOnLoopback } from "./helpers";

// Every server here listens on 127.0.0.1 and every request goes there: `beyondLoopback: true` applies the
// rules of a server others can reach without leaving loopback.
const KEY = "key_for_the_network_only";
const cleanups: Array<() => Promise<void>> = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: DevServerOptions = {}) {
  const server = await createDevServer({ webhookRetryDelays: [], apiKeys: [KEY], ...options });
  cleanups.push(() => server.close());
  const leap = new Workflows({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const bulk = async (input_csv_url: string): Promise<BulkRun> => {
    const created = await leap.bulkRuns.create({ workflow_id: "wkf_echo", input_csv_url });
    return leap.bulkRuns.wait(created.id, { initialInterval: 10 });
  };
  return { server, bulk };
}

/** A node:http server on 127.0.0.1 counting its requests; resolves with its port. */
async function serve(listener: RequestListener): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((request, response) => {
    hits++;
    listener(request, response);
  });
  cleanups.push(await listenOnLoopback(server));
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

/** A loopback-only admin page: what a CSV URL must never copy into an output CSV. */
const adminPage = () =>
  serve((_, response) => response.writeHead(200, { "content-type": "text/csv" }).end("secret\nroot-token\n"));

describe("a server reachable beyond loopback", () => {
  test("refuses to start with the default API key, naming the fix; with its own key it starts", async () => {
    for (const options of [{ host: "0.0.0.0" }, { host: "::" }, { beyondLoopback: true }]) {
      const failed = createDevServer(options);
      await expect(failed).rejects.toBeInstanceOf(ConfigurationError);
      await expect(failed).rejects.toThrow(/default API key leap_dev_key.*--api-key <key>/);
    }
    await expect(createDevServer({ host: "0.0.0.0", apiKeys: ["leap_dev_key", KEY] })).rejects.toThrow(
      /default API key/,
    );
    // Listening on every interface, reached only through 127.0.0.1.
    const { server } = await start({ host: "0.0.0.0" });
    const port = new URL(server.url).port;
    const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-api-key": KEY } });
    expect(answer.status).toBe(200);
  });

  test("the CLI with --host 0.0.0.0 and no --api-key exits before listening, naming --api-key", async () => {
    const { spawn } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const env = { ...process.env };
    delete env.LEAP_API_KEY;
    const child = spawn(process.execPath, [cli, "--port", "0", "--host", "0.0.0.0", "--data", ":memory:"], {
      stdio: ["ignore", "pipe", "pipe"],
      env,
    });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await exited(child)).toBe(1);
    expect(output).toMatch(/default API key leap_dev_key.*--api-key/);
    expect(output).not.toMatch(/listening/);
  });

  test("a bulk run cannot read the machine's loopback services, in any spelling of 127.0.0.1", async () => {
    const admin = await adminPage();
    const { bulk } = await start({ beyondLoopback: true });
    const spellings: Array<[string, RegExp]> = [
      [`http://127.0.0.1:${admin.port}/admin/secret`, /127\.0\.0\.1, a loopback address/],
      [`http://localhost:${admin.port}/admin/secret`, /localhost \((127\.0\.0\.1|::1)\), a loopback address/],
      [`http://2130706433:${admin.port}/admin/secret`, /127\.0\.0\.1, a loopback address/],
      [`http://0x7f.1:${admin.port}/admin/secret`, /127\.0\.0\.1, a loopback address/],
      [`http://[::ffff:127.0.0.1]:${admin.port}/admin/secret`, /::ffff:7f00:1, a loopback address/],
      [`http://[::1]:${admin.port}/admin/secret`, /::1, a loopback address/],
      [`http://0.0.0.0:${admin.port}/admin/secret`, /0\.0\.0\.0, an unspecified address/],
      [`http://[::]:${admin.port}/admin/secret`, /::, an unspecified address/],
    ];
    for (const [url, reason] of spellings) {
      const done = await bulk(url);
      expect({ url, status: done.status, output: done.output_csv_url }).toEqual({
        url,
        status: "failed",
        output: null,
      });
      expect(done.error).toMatch(reason);
      expect(done.error).toMatch(/reachable beyond loopback.*--allow-csv-host/);
    }
    expect(admin.hits()).toBe(0);
  });

  test("a 302 from an allowed host to loopback is refused on the redirect's address", async () => {
    const admin = await adminPage();
    const targets = [
      `http://localhost:${admin.port}/admin/secret`,
      `http://[::ffff:127.0.0.1]:${admin.port}/admin/secret`,
      `http://[::1]:${admin.port}/admin/secret`,
    ];
    const redirector = await serve((request, response) => {
      const index = Number((request.url ?? "/0").slice(1));
      response.writeHead(302, { location: targets[index] ?? "/" }).end();
    });
    // The redirector's host is allowed; the hosts it sends the fetch to are not.
    const { bulk } = await start({ beyondLoopback: true, allowCsvHosts: ["127.0.0.1"] });
    for (const [index, target] of targets.entries()) {
      const done = await bulk(`http://127.0.0.1:${redirector.port}/${index}`);
      expect({ target, status: done.status }).toEqual({ target, status: "failed" });
      expect(done.error).toMatch(/after a redirect, input_csv_url points to .*a loopback address/);
    }
    expect(redirector.hits()).toBe(targets.length);
    expect(admin.hits()).toBe(0);
  });

  test("--allow-csv-host names a host whose private address is read; other hosts stay refused", async () => {
    const csv = await serve((_, response) => response.writeHead(200).end("name\nAda\n"));
    const { bulk } = await start({ beyondLoopback: true, allowCsvHosts: ["127.0.0.1"] });
    expect(await bulk(`http://127.0.0.1:${csv.port}/rows.csv`)).toMatchObject({
      status: "completed",
      row_count: 1,
    });
    // The same address spelt as another host is another host.
    expect(await bulk(`http://localhost:${csv.port}/rows.csv`)).toMatchObject({ status: "failed" });
  });

  test("allowCsvHosts entries that are not bare hosts fail the start, naming the option", async () => {
    for (const entry of [
      "http://csv.example",
      "csv.example:8080",
      "csv.example/path",
      "user@csv.example",
      "",
    ]) {
      await expect(createDevServer({ apiKeys: [KEY], allowCsvHosts: [entry] })).rejects.toThrow(
        /allowCsvHosts \(--allow-csv-host\)/,
      );
    }
    expect(["CSV.Example", "127.0.0.1", "2130706433", "::1", "[::1]"].map(csvHostName)).toEqual([
      "csv.example",
      "127.0.0.1",
      "127.0.0.1",
      "[::1]",
      "[::1]",
    ]);
  });
});

describe("a server on loopback", () => {
  test("reads CSVs from loopback, as a local process could", async () => {
    const csv = await serve((_, response) => response.writeHead(200).end("name\nAda\n"));
    const { bulk } = await start();
    expect(await bulk(`http://127.0.0.1:${csv.port}/rows.csv`)).toMatchObject({ status: "completed" });
    expect(await bulk(`http://localhost:${csv.port}/rows.csv`)).toMatchObject({ status: "completed" });
  });

  test("a redirect to a file: URL is refused, not followed", async () => {
    const redirector = await serve((_, response) =>
      response.writeHead(302, { location: "file:///etc/passwd" }).end(),
    );
    const { bulk } = await start();
    const done = await bulk(`http://127.0.0.1:${redirector.port}/rows.csv`);
    expect(done).toMatchObject({ status: "failed", output_csv_url: null });
    expect(done.error).toMatch(/redirected to a file: URL; only http\(s\) is followed/);
  });
});

describe("cloud metadata (link-local) addresses", () => {
  // Checked on the policy itself: an end-to-end test that failed would send a request off this machine.
  const loopbackServer = { refusePrivate: false, allowedHosts: new Set(["169.254.169.254", "[fe80::1]"]) };

  test("are refused on every server, even when allowCsvHosts names them, in every spelling", () => {
    const spellings = [
      "169.254.169.254",
      "2852039166", // 169.254.169.254 as one number
      "0xa9.0xfe.0xa9.0xfe",
      "[::ffff:169.254.169.254]",
      "[::ffff:a9fe:a9fe]",
      "[64:ff9b::a9fe:a9fe]",
      "[fe80::1]",
      "[FE80::1%25eth0]",
    ];
    for (const spelling of spellings) {
      let hostname: string;
      try {
        hostname = new URL(`http://${spelling}/latest/meta-data/`).hostname;
      } catch {
        continue; // a spelling the URL parser refuses never reaches a socket
      }
      const address = hostname.replace(/^\[(.*)\]$/, "$1");
      expect({ spelling, kind: addressKind(address) }).toEqual({ spelling, kind: "link-local" });
      expect(addressRefusal(hostname, address, loopbackServer)).toMatch(
        /link-local address \(where cloud metadata services answer\): the dev server never reads CSVs from one/,
      );
    }
  });

  test("private ranges are told apart from public addresses", () => {
    const kinds = Object.fromEntries(
      [
        "10.1.2.3",
        "172.16.0.1",
        "172.32.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "fd00::1",
        "8.8.8.8",
        "2001:db8::1",
      ].map((address) => [address, addressKind(address) ?? "public"]),
    );
    expect(kinds).toEqual({
      "10.1.2.3": "private",
      "172.16.0.1": "private",
      "172.32.0.1": "public",
      "192.168.1.1": "private",
      "100.64.0.1": "private",
      "fd00::1": "private",
      "8.8.8.8": "public",
      "2001:db8::1": "public",
    });
  });
});
