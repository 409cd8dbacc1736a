// @ts-check
// The API reference: `pnpm run docs` (`pnpm docs` is a pnpm command) writes HTML to docs/api/ (ignored); `pnpm lint` runs it with `--emit none`, where
// a public export without TSDoc fails (notDocumented, warnings as errors).
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "Leap Workflows SDK",
  entryPoints: [
    "../../packages/core/src/index.ts",
    "../../packages/core/src/tracing.ts",
    "../../packages/node/src/index.ts",
    "../../packages/node/src/testing.ts",
    "../../packages/edge/src/index.ts",
    "../../packages/edge/src/testing.ts",
    "../../packages/dev-server/src/index.ts",
  ],
  // One TypeScript program for the four packages; the type errors are typecheck's job, not this one's.
  tsconfig: "tsconfig.typedoc.json",
  skipErrorChecking: true,
  readme: "../../README.md",
  out: "../../docs/api",
  excludeExternals: true,
  // Source links point at the public repository, whatever this checkout's remote is.
  sourceLinkTemplate: "https://github.com/leap-workflows/sdk/blob/{gitRevision}/{path}#L{line}",
  // The generated OpenAPI types carry openapi-typescript's @description tags.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Every public export: what each package's entry exports (members are documented where they need it).
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias"],
  // Without it TypeDoc checks only the package it runs in (this private one) and finds nothing to require.
  packagesRequiringDocumentation: [
    "@leap-workflows/core",
    "@leap-workflows/node",
    "@leap-workflows/edge",
    "@leap-workflows/dev-server",
  ],
  treatValidationWarningsAsErrors: true,
};
