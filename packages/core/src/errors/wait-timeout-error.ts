import { LeapError } from "./leap-error";

/** `wait` gave up before the run or bulk run reached a final status. The work itself goes on. */
export class WaitTimeoutError extends LeapError {
  static override readonly kind = "WaitTimeoutError";
  /** The id that was being waited on. */
  declare readonly id: string;
  /** The last state seen before giving up, if any poll succeeded. */
  declare readonly lastSeen: { status: string } | undefined;
  constructor(id: string, timeoutMs: number, lastSeen: { status: string } | undefined) {
    super(
      `${id} still ${lastSeen?.status ?? "unread"} after ${timeoutMs} ms (it goes on): wait again or raise \`timeout\``,
    );
    this.id = id;
    this.lastSeen = lastSeen;
  }
}
