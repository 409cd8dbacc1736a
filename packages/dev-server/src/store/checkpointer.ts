import { Worker } from "node:worker_threads";

// Plain CommonJS, run by the worker as is (no file of its own to build and ship).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { file, driver, intervalMs, busyIntervalMs } = workerData;
const db =
  driver === "node:sqlite"
    ? new (process.getBuiltinModule("node:sqlite").DatabaseSync)(file, { timeout: 0 })
    : new (require(driver))(file, { timeout: 0 });
const statement = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
let copied = 0;
let timer;
const checkpoint = () => {
  let pressing = false;
  try {
    const { checkpointed } = statement.get();
    // Writes go on (it copied frames, or the WAL restarted): copy again soon, so that a commit's own
    // checkpoint finds little left.
    pressing = checkpointed !== copied;
    copied = checkpointed;
  } catch {}
  timer = setTimeout(checkpoint, pressing ? busyIntervalMs : intervalMs);
};
timer = setTimeout(checkpoint, intervalMs);
parentPort.once("message", () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/** How often the worker copies the WAL back into the database file while the server is quiet. */
const INTERVAL_MS = 250;
/** How soon it copies again while writes go on. */
const BUSY_INTERVAL_MS = 10;

/**
 * Copies the WAL back into the database file (a checkpoint) from a worker thread with its own connection,
 * so that the copying and its fsyncs never hold the server's event loop. A PASSIVE checkpoint waits for no
 * one and blocks no writer. SQLite's own checkpoint on commit (`wal_autocheckpoint`) stays on: it keeps the
 * WAL from growing while the writer never pauses. While writes go on, the worker checkpoints every 10 ms, so
 * that the commit's checkpoint finds only the last few milliseconds' frames to copy: one every 250 ms would
 * leave it up to a quarter of a second of writes to copy and sync inside a commit, on the event loop (a stall
 * of over 100 ms during a 1,000,000-row bulk run; about 35 ms with this, at some cost in rows per second).
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  /** `driver` is what `sqliteDriverName()` answers. */
  constructor(file: string, driver: string) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        driver,
        intervalMs: INTERVAL_MS,
        busyIntervalMs: BUSY_INTERVAL_MS,
      },
    });
    this.#exited = new Promise((resolve) => this.#worker.once("exit", () => resolve()));
    // A failed checkpointer only means checkpoints on commit, as before; nothing to report or wait for.
    this.#worker.on("error", () => {});
    // It never keeps the process alive on its own.
    this.#worker.unref();
  }

  /** Closes the worker's connection and resolves once the worker has exited. */
  stop(): Promise<void> {
    this.#worker.postMessage("stop");
    return this.#exited;
  }
}
