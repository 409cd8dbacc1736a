import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Where bulk runs may read CSVs from, and how much. */
export interface CsvSourceOptions {
  /** `file:` CSVs are read only inside this folder (symlinks out of it refused); without it, not at all. */
  csvDir?: string | undefined;
  /** The largest CSV read, in bytes; reading stops there. */
  maxBytes: number;
}

/** The largest input CSV, in bytes. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

const tooLarge = (maxBytes: number) => new Error(`the CSV is larger than ${maxBytes} bytes`);

/**
 * Reads the CSV at an http(s) URL, or a `file:` URL inside `csvDir`, stopping at `maxBytes`; `signal` stops
 * it early (the server is shutting down).
 */
export async function readCsvSource(
  url: string,
  options: CsvSourceOptions,
  signal?: AbortSignal,
): Promise<string> {
  const parsed = new URL(url);
  if (parsed.protocol === "file:") return readCsvFile(parsed, options, signal);
  if (parsed.protocol === "http:" || parsed.protocol === "https:") {
    // A timer we own, not AbortSignal.timeout(): on Node 20 that one may never fire (nodejs/node#57736).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error("fetching the CSV took over 30 s")), 30_000);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await fetchCsv(parsed, options.maxBytes, controller.signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
  throw new Error(`input_csv_url must be an http(s) or file: URL, received ${parsed.protocol}`);
}

async function fetchCsv(url: URL, maxBytes: number, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`fetching the CSV answered ${response.status}`);
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Streamed and counted: a 1 GB answer costs at most `maxBytes` of memory before it is refused.
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// O_NONBLOCK: opening a FIFO (or a device) must not park one of libuv's few threads until a writer comes.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

async function readCsvFile(url: URL, options: CsvSourceOptions, signal?: AbortSignal): Promise<string> {
  if (!options.csvDir) {
    throw new Error(
      "file: CSVs are off: start the dev server with --csv-dir <dir> (option csvDir) to read CSVs from that folder",
    );
  }
  // One message for every refusal, so that an answer never tells whether a path outside the folder exists.
  const refused = new Error(
    "input_csv_url is not a readable regular file inside the dev server's --csv-dir (files outside it, symlinks out of it, and devices are refused)",
  );
  let path: string;
  try {
    const root = await realpath(options.csvDir);
    path = await realpath(fileURLToPath(url));
    if (!isInside(root, path)) throw refused;
  } catch {
    throw refused;
  }
  const file = await open(path, OPEN_FLAGS).catch(() => {
    throw refused;
  });
  try {
    // Checked on the opened file, so that swapping the path between a check and the open changes nothing.
    if (!(await file.stat()).isFile()) throw refused;
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead, buffer } = await file.read(Buffer.alloc(65_536), 0, 65_536, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > options.maxBytes) throw tooLarge(options.maxBytes);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await file.close();
  }
}

function isInside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest !== "" && !rest.startsWith(`..${sep}`) && rest !== ".." && !isAbsolute(rest);
}
