import {
  ConfigurationError,
  Workflows as CoreWorkflows,
  type WorkflowsOptions as CoreWorkflowsOptions,
} from "@leap-workflows/core";
import type { Dispatcher } from "undici";
import { undiciTransport } from "./undici-transport";

/** Options of the Node client: core's, plus undici tuning. */
export interface WorkflowsOptions extends CoreWorkflowsOptions {
  /** An undici dispatcher to send requests through (a Pool, ProxyAgent, MockAgent…). */
  dispatcher?: Dispatcher | undefined;
  /** Connections per origin of the keep-alive pool. @default 64, shared by all clients */
  connections?: number | undefined;
}

/**
 * The Leap Workflows client for Node.js: core's client on undici's dispatch API with a keep-alive pool.
 * HTTP(S)_PROXY and NO_PROXY are honoured. Pass `fetch` to use a fetch instead.
 *
 * ```ts
 * const leap = new Workflows(); // LEAP_API_KEY from the environment
 * const done = await leap.runAndWait({ workflow_id: "wkf_123", inputs: { foo: "bar" } });
 * ```
 */
export class Workflows extends CoreWorkflows {
  constructor(options: WorkflowsOptions = {}) {
    const { dispatcher, connections, ...rest } = options;
    // Silently dropping undici tuning because a fetch was also given would hide a misconfiguration.
    if ((rest.fetch || rest.transport) && (dispatcher !== undefined || connections !== undefined)) {
      throw new ConfigurationError(
        "dispatcher and connections tune the built-in undici transport: pass them without fetch or transport",
      );
    }
    super({
      ...rest,
      transport: rest.transport ?? (rest.fetch ? undefined : undiciTransport({ dispatcher, connections })),
    });
  }
}
