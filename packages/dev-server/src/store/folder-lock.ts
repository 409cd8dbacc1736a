import { join } from "node:path";
import { DataFolderInUseError } from "./data-folder-errors";
import { openDatabase, type SqliteDatabase } from "./open-database";

/**
 * The lock file of a data folder. Only SQLite may open it: closing any other descriptor of a file drops
 * every POSIX lock the process holds on it.
 */
const LOCK_FILE = "leap-dev.lock";

// A refused start looks again for up to ~1 s: long enough for a holder between committing its pid and
// taking the lock, short enough not to keep a user waiting.
const ATTEMPTS = 40;
const RETRY_MS = 25;

/** A data folder held by this process until `release()`. */
export interface FolderLock {
  release(): void;
}

/**
 * Takes `folder` for this process, or throws `DataFolderInUseError` naming the process that holds it.
 *
 * The lock is SQLite's write lock on `leap-dev.lock`, held by a transaction that stays open while the
 * server runs. It is a POSIX lock, so the kernel drops it when its process dies, even by SIGKILL: a folder
 * left by a killed server opens again, with nothing to clean up. The holder commits its pid to the same
 * file just before taking the lock, and a write lock lets others read, so a refused server can name it.
 */
export async function lockDataFolder(folder: string): Promise<FolderLock> {
  const db = openDatabase(join(folder, LOCK_FILE), undefined, { busyTimeoutMs: 0 });
  let holder: number | undefined;
  try {
    // The pid needs no durability: it only has to be readable while its process runs.
    db.exec("PRAGMA synchronous = OFF");
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (tryToHold(db)) {
        return {
          release: () => {
            db.exec("ROLLBACK");
            db.close();
          },
        };
      }
      holder = readHolder(db);
      // A live process other than this one is the answer. Otherwise the holder is between taking the lock
      // and committing its pid (the pid read is its predecessor's, or this process's own): look again.
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  } catch (error) {
    db.close();
    throw error;
  }
  db.close();
  throw new DataFolderInUseError(folder, holder);
}

/** Commits this process's pid, then holds the write lock (an open `BEGIN IMMEDIATE`); false when busy. */
function tryToHold(db: SqliteDatabase): boolean {
  if (!begin(db)) return false;
  try {
    db.exec("CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)");
    db.exec("DELETE FROM holder");
    db.prepare("INSERT INTO holder (pid, since) VALUES (?, ?)").run(process.pid, new Date().toISOString());
    db.exec("COMMIT");
  } catch (error) {
    try {
      db.exec("ROLLBACK");
    } catch {}
    throw error;
  }
  // Another server may take the lock between the COMMIT and here; then it holds the folder, not this one.
  return begin(db);
}

function begin(db: SqliteDatabase): boolean {
  try {
    db.exec("BEGIN IMMEDIATE");
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
}

/** The pid the holder committed, or undefined while none can be read (no table yet, or it is committing). */
function readHolder(db: SqliteDatabase): number | undefined {
  try {
    return db.prepare<[], { pid: number }>("SELECT pid FROM holder").get()?.pid;
  } catch {
    return undefined;
  }
}

// better-sqlite3 names the result code; node:sqlite gives its number (SQLITE_BUSY is 5).
const isBusy = (error: unknown) => {
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === "SQLITE_BUSY" || errcode === 5;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: string }).code === "EPERM";
  }
}
