import { readdirSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { RequestHandler } from "./http";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Serves the page's files: exactly the files found in public/ at start (no path from a request ever
 * reaches the file system), `/` being index.html. Browsers that ask for /favicon.ico get the SVG icon.
 */
export function staticFiles(publicDir: URL): RequestHandler {
  const files = new Map<string, string>();
  for (const name of readdirSync(publicDir, { recursive: true, encoding: "utf8" })) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name.replaceAll("\\", "/")}`, type);
  }
  const aliases: Record<string, string> = { "/": "/index.html", "/favicon.ico": "/favicon.svg" };
  return (request, response, path) => {
    const file = aliases[path] ?? path;
    const type = files.get(file);
    if (request.method !== "GET" || !type) return false;
    response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    response.end(readFileSync(fileURLToPath(new URL(`.${file}`, publicDir))));
    return true;
  };
}
