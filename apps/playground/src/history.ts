import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeliveryVerdict } from "./event-log";
import type { RecordedDelivery } from "./tamper";

/**
 * What only the playground knows, kept next to the dev server's store: the dev server keeps runs, bulk
 * runs and delivery attempts; the receivers' verdicts, the delivery bytes the tamper buttons re-send, the
 * webhook URL each run was given and the trace id its attempts carried are the playground's own.
 */
export type HistoryRecord =
  | { kind: "webhook_url"; subjectId: string; url: string }
  | { kind: "delivered"; subjectId: string; delivery: RecordedDelivery }
  | { kind: "trace"; subjectId: string; traceId: string }
  | { kind: "verdict"; verdict: DeliveryVerdict; at: string };

/** The file's name inside the data folder. */
export const HISTORY_FILE = "playground.jsonl";

/**
 * An append-only JSON Lines file (one record a line: an interrupted write loses at most its own line),
 * or memory only when the dev server's data is `":memory:"`.
 */
export class PlaygroundHistory {
  readonly records: HistoryRecord[] = [];
  readonly #file: string | null;
  /** The file ends in a line cut short: the next record starts on a line of its own. */
  #torn = false;

  constructor(data: string) {
    this.#file = data === ":memory:" ? null : join(data, HISTORY_FILE);
    if (!this.#file) return;
    const text = readText(this.#file);
    this.#torn = text.length > 0 && !text.endsWith("\n");
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        this.records.push(JSON.parse(line) as HistoryRecord);
      } catch {
        // A line cut short by a crash: the rest of the file is still good.
      }
    }
  }

  append(record: HistoryRecord): void {
    this.records.push(record);
    if (!this.#file) return;
    mkdirSync(join(this.#file, ".."), { recursive: true });
    appendFileSync(this.#file, `${this.#torn ? "\n" : ""}${JSON.stringify(record)}\n`);
    this.#torn = false;
  }

  /** The webhook URL the playground gave each run and bulk run, by id. */
  webhookUrls(): Map<string, string> {
    const urls = new Map<string, string>();
    for (const record of this.records)
      if (record.kind === "webhook_url") urls.set(record.subjectId, record.url);
    return urls;
  }

  /** The latest genuine delivery of each run and bulk run, by id. */
  deliveries(): Map<string, RecordedDelivery> {
    const deliveries = new Map<string, RecordedDelivery>();
    for (const record of this.records)
      if (record.kind === "delivered") deliveries.set(record.subjectId, record.delivery);
    return deliveries;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}
