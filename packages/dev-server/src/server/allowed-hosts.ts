/** Options of the Host check. */
export interface AllowedHostsOptions {
  /** The interface the server listens on; requests naming it are answered. */
  host?: string | undefined;
  /** More names to answer; `.example.test` also allows its subdomains, `true` allows any Host. */
  allowedHosts?: readonly string[] | true | undefined;
}

const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** The name part of a Host header or host option, lower-cased, IPv6 in brackets, without the port. */
export function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith("[")) return lower.slice(0, lower.indexOf("]") + 1);
  // Two colons or more and no brackets: a bare IPv6 address (an option value, never a valid Host header).
  if (lower.indexOf(":") !== lower.lastIndexOf(":")) return `[${lower}]`;
  return lower.split(":")[0] ?? "";
}

/**
 * Whether a request's Host header names this server. A page that rebinds its DNS name to 127.0.0.1 still
 * sends its own name as Host, so answering only known names defeats DNS rebinding (Vite's
 * `server.allowedHosts`, webpack-dev-server's `allowedHosts`).
 */
export function createHostCheck(options: AllowedHostsOptions): (hostHeader: string | undefined) => boolean {
  if (options.allowedHosts === true) return () => true;
  const exact = new Set([...LOOPBACK, ...(options.host ? [hostnameOf(options.host)] : [])]);
  const suffixes: string[] = [];
  for (const entry of options.allowedHosts ?? []) {
    const name = hostnameOf(entry);
    if (name.startsWith(".")) {
      suffixes.push(name);
      exact.add(name.slice(1));
    } else exact.add(name);
  }
  return (hostHeader) => {
    if (!hostHeader) return false;
    const name = hostnameOf(hostHeader);
    return exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
  };
}
