import { Worker } from "node:worker_threads";

// Plain CommonJS, run by the worker as is (no file of its own to build and ship).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { file, driver, intervalMs } = workerData;
const db =
  driver === "node:sqlite"
    ? new (process.getBuiltinModule("node:sqlite").DatabaseSync)(file, { timeout: 0 })
    : new (require(driver))(file, { timeout: 0 });
const checkpoint = () => {
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {}
};
const timer = setInterval(checkpoint, intervalMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** How often the worker copies the WAL back into the database file. */
const INTERVAL_MS = 250;

/**
 * Copies the WAL back into the database file (a checkpoint) from a worker thread with its own connection,
 * so that the copying and its fsyncs never hold the server's event loop. A PASSIVE checkpoint waits for no
 * one and blocks no writer. SQLite's own checkpoint on commit (`wal_autocheckpoint`) stays on: it keeps the
 * WAL from growing while the writer never pauses, and finds little left to copy.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  /** `driver` is what `sqliteDriverName()` answers. */
  constructor(file: string, driver: string) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: INTERVAL_MS },
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
