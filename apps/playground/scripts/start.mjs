// `pnpm playground`: builds what the playground needs through Turbo, quietly, then starts it.
// Prints Turbo's output only when something is rebuilt (from the first cache miss on) or the build fails,
// forwards Ctrl-C and SIGTERM to the playground, and exits 0 once it has stopped on one (pnpm prints
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

/** Runs Turbo's build; answers its exit code. Output is held until a cache miss shows a rebuild. */
function build() {
  return new Promise((resolve) => {
    const args = ["run", "build", "--filter=@leap-workflows/playground...", "--output-logs=new-only"];
    child = spawn(turbo, [...args, "--log-prefix=none"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const held = [];
    let streaming = false;
    const take = (target) => (line) => {
      if (!streaming && /^cache miss/.test(line)) {
        streaming = true;
        process.stdout.write("  Building the playground and the packages it uses:\n");
      }
      // Turbo's banner and cache hits are not news; the rebuilt tasks' output is.
      if (!streaming) held.push([target, line]);
      else if (!/^\s*•|^cache hit/.test(line)) target.write(`${line}\n`);
    };
    createInterface({ input: child.stdout }).on("line", take(process.stdout));
    createInterface({ input: child.stderr }).on("line", take(process.stderr));
    child.on("close", (code) => {
      if (code !== 0 && !streaming && !signalled)
        for (const [target, line] of held) target.write(`${line}\n`);
      resolve(code ?? 1);
    });
  });
}

const built = await build();
if (signalled) process.exit(0);
if (built !== 0) process.exit(built);

child = spawn(process.execPath, [main, ...process.argv.slice(2)], { stdio: "inherit", detached: true });
child.on("close", (code) => process.exit(signalled ? 0 : (code ?? 1)));
