import { checkBulkRun, checkCreateBulkRunParams } from "../generated/validators";
import type { BulkRun, CreateBulkRunParams } from "../schemas/bulk-run";
import { traced } from "../tracing/operation";
import type { ClientParts } from "./parts";
import { pathSegment } from "./path-segment";
import { pollUntilFinal, type WaitOptions } from "./poll";
import type { RequestOptions } from "./request-options";
import { validateParams } from "./validate";

/** `leap.bulkRuns`: one run per row of a CSV file. */
export class BulkRuns {
  readonly #parts: ClientParts;

  constructor(parts: ClientParts) {
    this.#parts = parts;
  }

  /** Starts a bulk run over the CSV at `input_csv_url` (header row = input names). */
  async create(params: CreateBulkRunParams, options?: RequestOptions): Promise<BulkRun> {
    return traced(this.#parts.tracing, "bulkRuns.create", params, options, (options) => {
      const body = validateParams(checkCreateBulkRunParams, params, "bulk run params");
      return this.#parts.http.request(
        { method: "POST", path: "/v1/runs/bulk", body, check: checkBulkRun },
        options,
      );
    });
  }

  /** Reads a bulk run as it is now. */
  async retrieve(id: string, options?: RequestOptions): Promise<BulkRun> {
    return traced(this.#parts.tracing, "bulkRuns.retrieve", id, options, (options) =>
      this.#parts.http.request(
        { method: "GET", path: `/v1/runs/bulk/${pathSegment(id, "bulk run id")}`, check: checkBulkRun },
        options,
      ),
    );
  }

  /** Polls until the bulk run is final; `output_csv_url` is then set when it completed. */
  async wait(id: string, options: WaitOptions<BulkRun> = {}): Promise<BulkRun> {
    return traced(this.#parts.tracing, "bulkRuns.wait", id, options, (options = {}) => {
      pathSegment(id, "bulk run id");
      return pollUntilFinal(
        id,
        (request) => this.retrieve(id, request),
        options,
        this.#parts.logger,
        this.#parts.http.clock,
      );
    });
  }
}
