import { constants, existsSync } from "node:fs";
import { type FileHandle, open, readlink, realpath } from "node:fs/promises";
import { release } from "node:os";
import { dirname, isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { CsvChunks } from "./csv-chunks";
import { tooLarge } from "./csv-fetch";

/**
 * How a file opened inside `--csv-dir` is shown to be inside it. O_NOFOLLOW guards only the last component
 * of a path: a subfolder swapped for a symlink between the realpath check and the open leads the open out.
 * - `kernel-path` (Linux): /proc/self/fd names the file the descriptor holds; no later swap changes it.
 * - `no-symlinks` (macOS 11+): O_NOFOLLOW_ANY makes the open itself fail on a symlink anywhere in the path.
 * - `top-level` (elsewhere): only files directly in the folder, whose open passes through no subfolder.
 */
export type OpenedFileCheck = "kernel-path" | "no-symlinks" | "top-level";

const darwinMajor = process.platform === "darwin" ? Number(release().split(".")[0]) : 0;

/** The strongest check this platform offers. */
export const PLATFORM_FILE_CHECK: OpenedFileCheck = existsSync("/proc/self/fd")
  ? "kernel-path"
  : darwinMajor >= 20
    ? "no-symlinks"
    : "top-level";

// O_NONBLOCK: opening a FIFO (or a device) must not park one of libuv's few threads until a writer comes.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
// O_NOFOLLOW_ANY (macOS 11+, not in fs.constants).
const O_NOFOLLOW_ANY = 0x20000000;

/** Reads a `file:` CSV inside `options.csvDir`, stopping at `options.maxBytes`. */
export async function readCsvFile(
  url: URL,
  options: { csvDir?: string | undefined; maxBytes: number; fileCheck?: OpenedFileCheck | undefined },
  signal?: AbortSignal,
  onSize?: (bytes: number) => void,
): Promise<CsvChunks> {
  if (!options.csvDir) {
    throw new Error(
      "file: CSVs are off: start the dev server with --csv-dir <dir> (option csvDir) to read CSVs from that folder",
    );
  }
  // One message for every refusal, so that an answer never tells whether a path outside the folder exists.
  const refused = new Error(
    "input_csv_url is not a readable regular file inside the dev server's --csv-dir (files outside it, symlinks out of it, and devices are refused)",
  );
  let root: string;
  let path: string;
  try {
    root = await realpath(options.csvDir);
    path = await realpath(fileURLToPath(url));
    if (!isInside(root, path)) throw refused;
  } catch {
    throw refused;
  }
  const check = options.fileCheck ?? PLATFORM_FILE_CHECK;
  if (check === "top-level" && dirname(path) !== root) {
    throw new Error(
      "input_csv_url is in a subfolder of --csv-dir: on this platform only files directly inside it are read " +
        "(a subfolder could be swapped for a symlink out while the file is opened)",
    );
  }
  const file = await open(path, OPEN_FLAGS | (check === "no-symlinks" ? O_NOFOLLOW_ANY : 0)).catch(() => {
    throw refused;
  });
  try {
    // Checked on the opened file, so that swapping the path between a check and the open changes nothing.
    const opened = await file.stat();
    if (!opened.isFile() || (check === "kernel-path" && !(await heldInside(file, root)))) throw refused;
    onSize?.(Math.min(opened.size, options.maxBytes));
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
    return chunks;
  } finally {
    await file.close();
  }
}

/** Whether the kernel's name of the file `file` holds lies inside `root`. */
async function heldInside(file: FileHandle, root: string): Promise<boolean> {
  const held = await readlink(`/proc/self/fd/${file.fd}`).catch(() => undefined);
  return held !== undefined && isAbsolute(held) && isInside(root, held);
}

function isInside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest !== "" && !rest.startsWith(`..${sep}`) && rest !== ".." && !isAbsolute(rest);
}
