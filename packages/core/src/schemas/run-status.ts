import type { components } from "../generated/openapi";

/** A status the contract names. `queued` and `running` are in progress; every other status is final. */
export type KnownRunStatus = components["schemas"]["RunStatus"];

/**
 * A run's status: one the contract names, or one this version of the SDK does not know yet.
 * An unknown status is final, so a client can never wait forever on a state added after it shipped.
 */
// `string & {}` keeps editor completion for the known values while admitting any other string.
export type RunStatus = KnownRunStatus | (string & {});

/** `T` with a `status` that admits statuses added after this SDK shipped (the generated types' is closed). */
export type WithOpenStatus<T extends { status: unknown }> = {
  [K in keyof T]: K extends "status" ? RunStatus : T[K];
};

const IN_PROGRESS: ReadonlySet<string> = new Set(["queued", "running"]);

/** True when a run or bulk run will not change any more (any status but `queued` and `running`). */
export function isFinal(status: RunStatus): boolean {
  return !IN_PROGRESS.has(status);
}
