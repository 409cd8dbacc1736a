import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const bin = (name: string) => `${root}node_modules/.bin/${name}`;

/** The packages we publish, by folder. */
export const PUBLIC_PACKAGES = ["core", "node", "edge", "dev-server"] as const;
export const packageDir = (name: string) => `${root}packages/${name}`;
