import { ConfigurationError } from "@leap-workflows/core";
import { addressKind } from "../runner/csv-addresses";

/** The documented API key of a dev server started without one. */
export const DEFAULT_API_KEY = "leap_dev_key";

/** Whether listening on `host` keeps the server on loopback (the default 127.0.0.1, localhost, ::1, 127.x). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || addressKind(name) === "loopback";
}

/**
 * Refuses to start a server reachable beyond loopback that accepts the documented default key: anyone on
 * the network knows it, and with it drives the API.
 */
export function assertKeysFitExposure(apiKeys: readonly string[], host: string | undefined): void {
  if (!apiKeys.includes(DEFAULT_API_KEY)) return;
  throw new ConfigurationError(
    `a dev server reachable beyond loopback (host ${host ?? "127.0.0.1"}) must not accept the default API key ` +
      `${DEFAULT_API_KEY}, which anyone can read in its docs: pass your own with --api-key <key> ` +
      "(env LEAP_API_KEY, option apiKeys)",
  );
}
