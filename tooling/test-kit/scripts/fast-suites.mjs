// What `pnpm test:fast` leaves out: test files that start another runtime, a browser, a package install, a
// separate server process or a soak. Everything else (unit tests, and integration tests against servers started
// in the test's own process) runs. A new slow suite belongs on this list.
const SLOW_TEST_FILES = [
  "test/runtimes.node.test.ts", // edge: workerd, Deno, Bun
  "test/browser.test.ts", // playground: Chromium
  "test/restart.test.ts", // playground: starts and restarts the playground's process on one data folder
  "test/soak.test.ts", // integration-tests: 2 x 600 calls through the fault proxy
  "test/durability.test.ts", // dev-server: kills and restarts the CLI
  "test/webhook-timeout.test.ts", // dev-server: a second dev server under constant GC, 4 attempts of 1.5 s
  "test/recovery.test.ts", // dev-server: SIGKILL and SIGTERM of the CLI mid-work, then a restart
  "test/redis/many-receivers.test.ts", // node: four receiver processes sharing one redis-server
  "test/postgres/many-receivers.test.ts", // node: four receiver processes sharing one PostgreSQL server
  "test/postgres/postgres-outage.test.ts", // node: four PostgreSQL servers started, then killed or stopped
  "test/durable-object-id-store.node.test.ts", // edge: Durable Objects in workerd
];
// tooling/package-checks packs and installs tarballs, runs publint and attw: release checks, not an inner loop.
// contract-tests start Prism; registry-tests run a Verdaccio release round trip.
const SLOW_PACKAGES = [
  "@leap-workflows/package-checks",
  "@leap-workflows/contract-tests",
  "@leap-workflows/registry-tests",
];

/** Turbo arguments for the fast set: no slow package, and vitest told to skip the slow files. */
export function fastTurboArgs() {
  return [
    ...SLOW_PACKAGES.map((name) => `--filter=!${name}`),
    "--",
    ...SLOW_TEST_FILES.map((f) => `--exclude=${f}`),
  ];
}
