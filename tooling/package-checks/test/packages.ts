import { fileURLToPath } from "node:url";
import { node26 } from "@leap-workflows/node-26";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const bin = (name: string) => `${root}node_modules/.bin/${name}`;

/** The packages we publish, by folder. */
export const PUBLIC_PACKAGES = ["core", "node", "edge", "dev-server"] as const;
export const packageDir = (name: string) => `${root}packages/${name}`;

/**
 * The Nodes the consumer tests run on: the machine's (20, the floor the packages promise) and Node 26 from
 * tooling/node-26, which installs on Linux x64 only; elsewhere the machine's Node alone.
 */
export const NODES: [name: string, path: string][] = [
  [`Node ${process.versions.node}`, process.execPath],
  ...(node26 ? [["Node 26", node26] as [string, string]] : []),
];
