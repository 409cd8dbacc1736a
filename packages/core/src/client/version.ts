// Replaced at build time from package.json (tsup and vitest `define`), so a release bump needs no edit here.
declare const __SDK_VERSION__: string | undefined;

/** This package's version, sent in the User-Agent. */
export const VERSION: string = typeof __SDK_VERSION__ === "string" ? __SDK_VERSION__ : "0.0.0-dev";
