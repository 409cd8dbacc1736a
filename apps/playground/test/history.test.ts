import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { HISTORY_FILE, PlaygroundHistory } from "../src/history";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const created = mkdtempSync(join(tmpdir(), "leap-playground-history-"));
  folders.push(created);
  return created;
}

const delivery = { body: '{"id":"rnp_1"}', headers: { "webhook-id": "msg_1" } };

test("what one session appends, the next one reads back, the latest delivery of each run winning", () => {
  const data = folder();
  const first = new PlaygroundHistory(data);
  expect(first.records).toEqual([]);
  first.append({ kind: "webhook_url", subjectId: "rnp_1", url: "http://127.0.0.1/webhooks/fanout?outage=1" });
  first.append({ kind: "delivered", subjectId: "rnp_1", delivery });
  first.append({
    kind: "delivered",
    subjectId: "rnp_1",
    delivery: { ...delivery, body: '{"id":"rnp_1","n":2}' },
  });

  const second = new PlaygroundHistory(data);
  expect(second.records).toHaveLength(3);
  expect(second.webhookUrls().get("rnp_1")).toBe("http://127.0.0.1/webhooks/fanout?outage=1");
  expect(second.deliveries().get("rnp_1")?.body).toBe('{"id":"rnp_1","n":2}');
});

test("a line cut short by a crash costs only that line", () => {
  const data = folder();
  new PlaygroundHistory(data).append({ kind: "trace", subjectId: "rnp_1", traceId: "a".repeat(32) });
  appendFileSync(join(data, HISTORY_FILE), '{"kind":"delivered","subj');
  const reopened = new PlaygroundHistory(data);
  expect(reopened.records).toEqual([{ kind: "trace", subjectId: "rnp_1", traceId: "a".repeat(32) }]);
  reopened.append({ kind: "webhook_url", subjectId: "rnp_2", url: "http://127.0.0.1/webhooks/fanout" });
  // The torn line does not swallow the next record.
  expect(new PlaygroundHistory(data).webhookUrls().get("rnp_2")).toBe("http://127.0.0.1/webhooks/fanout");
});

test("with the dev server in memory, nothing is written", () => {
  const history = new PlaygroundHistory(":memory:");
  history.append({ kind: "trace", subjectId: "rnp_1", traceId: "a".repeat(32) });
  expect(history.records).toHaveLength(1);
  expect(new PlaygroundHistory(":memory:").records).toEqual([]);
});
