// `pnpm playground`: builds what the playground needs through Turbo, quietly, then starts it.
// A rebuild (the first run) shows one progress line, not the build's output, which is printed only when the build
// fails. Forwards Ctrl-C and SIGTERM to the playground, and exits 0 once it has stopped on one (pnpm prints
// "[ELIFECYCLE] Command failed." for any other exit code).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const turbo = fileURLToPath(new URL("../../../node_modules/.bin/turbo", import.meta.url));

let child;
let signalled = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    signalled = true;
    // The playground runs in its own process group (detached): a terminal's Ctrl-C reaches only this
    // launcher, which passes it on once (a second one makes the playground stop at once).
    child?.kill(signal);
  });
}

/** Runs Turbo's build; answers its exit code. Its output is held, and printed only if it fails. */
function build() {
  return new Promise((resolve) => {
    const args = ["run", "build", "--filter=@leap-workflows/playground...", "--output-logs=new-only"];
    child = spawn(turbo, [...args, "--log-prefix=none"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const started = Date.now();
    const held = [];
    let rebuilding = false;
    const take = (target) => (line) => {
      held.push([target, line]);
      if (!rebuilding && /^cache miss/.test(line)) {
        rebuilding = true;
        process.stdout.write(
          "Building the playground and the packages it uses (a minute or so the first time)...\n",
        );
      }
    };
    createInterface({ input: child.stdout }).on("line", take(process.stdout));
    createInterface({ input: child.stderr }).on("line", take(process.stderr));
    child.on("close", (code) => {
      if (code !== 0 && !signalled) for (const [target, line] of held) target.write(`${line}\n`);
      else if (code === 0 && rebuilding)
        process.stdout.write(`Built in ${Math.round((Date.now() - started) / 1000)} s.\n`);
      resolve(code ?? 1);
    });
  });
}

const built = await build();
if (signalled) process.exit(0);
if (built !== 0) process.exit(built);

child = spawn(process.execPath, [main, ...process.argv.slice(2)], { stdio: "inherit", detached: true });
child.on("close", (code) => process.exit(signalled ? 0 : (code ?? 1)));
