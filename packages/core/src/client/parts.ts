import type { Tracing } from "../tracing/operation";
import type { HttpClient } from "./http-client";
import type { Logger } from "./logger";

/** What `leap.runs` and `leap.bulkRuns` work with, made once by the `Workflows` constructor. */
export interface ClientParts {
  http: HttpClient;
  logger: Logger;
  /** Set when the client traces its calls. */
  tracing: Tracing | undefined;
}
