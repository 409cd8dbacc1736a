import { constants, type Stats } from "node:fs";
import { type FileHandle, open, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { tooLarge } from "./csv-fetch";

// O_NONBLOCK: opening a FIFO (or a device) must not park one of libuv's few threads until a writer comes.
// O_NOFOLLOW_ANY (macOS 11+, not in fs.constants): the open fails if any component of the path is a symlink,
// so a folder swapped for a symlink after the realpath check cannot lead the open out of the folder.
const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NONBLOCK ?? 0) |
  (constants.O_NOFOLLOW ?? 0) |
  (process.platform === "darwin" ? 0x20000000 : 0);

/** Reads a `file:` CSV inside `options.csvDir`, stopping at `options.maxBytes`. */
export async function readCsvFile(
  url: URL,
  options: { csvDir?: string | undefined; maxBytes: number },
  signal?: AbortSignal,
  onSize?: (bytes: number) => void,
): Promise<string> {
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
  const file = await open(path, OPEN_FLAGS).catch(() => {
    throw refused;
  });
  try {
    // Checked on the opened file, so that swapping the path between a check and the open changes nothing.
    const opened = await file.stat();
    if (!opened.isFile() || !(await isOpenedInside(file, opened, path, root))) throw refused;
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
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await file.close();
  }
}

/**
 * Whether the file behind `file` lies inside `root`. O_NOFOLLOW guards only the last component: a folder of
 * the path swapped for a symlink between the realpath check and the open leads the open elsewhere. So the
 * opened file is named after the open (by the kernel on Linux: /proc/self/fd, which no later swap changes;
 * elsewhere by its realpath now) and that name must be inside `root` and be the same file (device and inode).
 */
async function isOpenedInside(file: FileHandle, opened: Stats, path: string, root: string): Promise<boolean> {
  const held = await readlink(`/proc/self/fd/${file.fd}`).catch(() => undefined);
  const name = held ?? (await realpath(path).catch(() => undefined));
  if (name === undefined || !isInside(root, name)) return false;
  const named = await stat(name).catch(() => undefined);
  return named !== undefined && named.dev === opened.dev && named.ino === opened.ino;
}

function isInside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest !== "" && !rest.startsWith(`..${sep}`) && rest !== ".." && !isAbsolute(rest);
}
