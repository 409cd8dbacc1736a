import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, isIPv6 } from "node:net";

/** Which addresses bulk runs may fetch CSVs from. */
export interface CsvAddressPolicy {
  /**
   * Refuse loopback, private and unspecified addresses: the server is reachable beyond loopback, so a CSV URL
   * would otherwise let anyone on the network read the machine's local services.
   */
  refusePrivate: boolean;
  /** Host names (as a URL spells them) whose loopback or private addresses are read all the same. */
  allowedHosts: ReadonlySet<string>;
}

type AddressKind = "link-local" | "loopback" | "private" | "unspecified";

function blockList(subnets: ReadonlyArray<readonly [string, number]>): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIPv6(network) ? "ipv6" : "ipv4");
  return list;
}

// BlockList also matches the IPv4-mapped spelling (::ffff:127.0.0.1) against the IPv4 subnets.
const KINDS: ReadonlyArray<readonly [AddressKind, BlockList]> = [
  // Cloud metadata services (169.254.169.254, fd00:ec2::254 aside) answer here: refused on every server.
  [
    "link-local",
    blockList([
      ["169.254.0.0", 16],
      ["fe80::", 10],
    ]),
  ],
  [
    "loopback",
    blockList([
      ["127.0.0.0", 8],
      ["::1", 128],
    ]),
  ],
  // 0.0.0.0 and :: reach the machine itself on Linux and macOS.
  [
    "unspecified",
    blockList([
      ["0.0.0.0", 8],
      ["::", 128],
    ]),
  ],
  [
    "private",
    blockList([
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      // Carrier-grade NAT: a provider's internal network.
      ["100.64.0.0", 10],
      ["fc00::", 7],
      ["fec0::", 10],
    ]),
  ],
];

/** The last 32 bits of an IPv6 address that embeds an IPv4 one (NAT64, IPv4-compatible), as IPv4; else undefined. */
function embeddedIPv4(address: string): string | undefined {
  const match = /^(?:64:ff9b::|::)(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  const dotted = /^(?:64:ff9b::|::)(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  if (!match) return undefined;
  const high = Number.parseInt(match[1] ?? "0", 16);
  const low = Number.parseInt(match[2] ?? "0", 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** What kind of non-public address `address` (an IP, no brackets) is, or undefined for a public one. */
export function addressKind(address: string): AddressKind | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const v4 = family === 6 ? embeddedIPv4(address) : address;
  for (const [kind, list] of KINDS) {
    if (list.check(address, family === 6 ? "ipv6" : "ipv4")) return kind;
    if (v4 !== undefined && v4 !== address && list.check(v4, "ipv4")) return kind;
  }
  return undefined;
}

/**
 * A host name as a URL spells it (lower case, IPv6 in brackets, `2130706433` as 127.0.0.1), or undefined when
 * `host` is not a bare host name or IP address (a scheme, port, path or user info).
 */
export function csvHostName(host: string): string | undefined {
  const trimmed = host.trim();
  const literal = trimmed.replace(/^\[(.*)\]$/, "$1");
  if (isIPv6(literal)) return new URL(`http://[${literal}]/`).hostname;
  if (trimmed === "" || /[/:@?#\\\s[\]]/.test(trimmed)) return undefined;
  try {
    return new URL(`http://${trimmed}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Why `policy` refuses to fetch from `address` (an IP, the one resolved for `hostname`), or undefined when it
 * may. Each refusal names the fix, when there is one.
 */
export function addressRefusal(
  hostname: string,
  address: string,
  policy: CsvAddressPolicy,
): string | undefined {
  const kind = addressKind(address);
  const where = hostname === address || hostname === `[${address}]` ? address : `${hostname} (${address})`;
  if (kind === "link-local") {
    return `input_csv_url points to ${where}, a link-local address (where cloud metadata services answer): the dev server never reads CSVs from one`;
  }
  if (kind === undefined || !policy.refusePrivate || policy.allowedHosts.has(hostname)) return undefined;
  return (
    `input_csv_url points to ${where}, ${kind === "unspecified" ? "an" : "a"} ${kind} address: a dev server reachable beyond loopback reads no ` +
    `loopback, private or unspecified address; to read this host, start it with --allow-csv-host ${hostname} ` +
    "(option allowCsvHosts)"
  );
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net.connect` (and so `http.request`) that refuses what `policy` refuses. A socket connects
 * only to an address its lookup returned, so the address checked is the address connected: a second DNS
 * answer (rebinding) never reaches the socket.
 */
export function checkedLookup(hostname: string, policy: CsvAddressPolicy) {
  return (name: string, options: object, callback: LookupCallback): void => {
    dnsLookup(name, options, (error, address, family) => {
      if (error) return callback(error, "");
      const answers = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
      for (const answer of answers) {
        const refusal = addressRefusal(hostname, answer.address, policy);
        if (refusal) return callback(Object.assign(new Error(refusal), { code: "ECSVADDRESS" }), "");
      }
      if (Array.isArray(address)) callback(null, address);
      else callback(null, address, family);
    });
  };
}
