import { type DocBlock, inEach, read } from "./docs";

// Shell blocks are held by checking, not running: they install from the registry, start long-lived servers or
// run the whole suite, which this test cannot do in seconds. Each command must name things that exist here: a
// pnpm script of the package it targets, a bin of one of our packages, a package our manifests know, a file
// another block of the same page saves. What the commands then do is held elsewhere: `pnpm test` runs the
// scripts it names, registry-tests follows the root README's Quick start against a real registry, and each CLI
// has its own tests.

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifests: Manifest[] = [
  "package.json",
  ...["packages", "apps", "tooling"].flatMap((folder) => inEach(folder, "package.json")),
].map((file) => JSON.parse(read(file)) as Manifest);
const rootManifest = manifests[0] as Manifest;
const pnpmVersion = JSON.parse(read("package.json")).packageManager.replace(/^pnpm@/, "");
const knownPackages = new Set(
  manifests.flatMap((m) => [
    m.name,
    ...Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.peerDependencies }),
  ]),
);
const bins = new Map(manifests.flatMap((m) => Object.keys(m.bin ?? {}).map((bin) => [bin, m] as const)));
// pnpm's own commands the docs use, beside package scripts.
const PNPM_COMMANDS = new Set(["install", "exec", "add"]);
// Programs that are not ours: nothing here to check them against.
const OTHER_PROGRAMS = new Set(["git", "cd", "docker", "jq", "deno", "bun", "wrangler", "curl"]);

/** Files the page's code blocks tell the reader to save (`// my-script.mjs` as their first line). */
const savedFiles = (file: string) =>
  new Set(
    [...read(file).matchAll(/^```\w*\n\/\/ ([\w.-]+\.m?[jt]s)\b/gm)].map((match) => match[1] as string),
  );

function checkPnpm(words: string[], problems: string[]): void {
  let manifest = rootManifest;
  let index = 0;
  for (; index < words.length && words[index]?.startsWith("-"); index++) {
    const word = words[index] as string;
    if (word !== "--filter" && !word.startsWith("--filter=")) continue;
    const target = word.includes("=") ? word.split("=")[1] : words[++index];
    const named = manifests.find((m) => m.name === target);
    if (named) manifest = named;
    else if (!/^"?\.\//.test(target ?? "")) problems.push(`pnpm --filter ${target}: no such package`);
  }
  const command = words[index];
  if (command && !PNPM_COMMANDS.has(command) && !manifest.scripts?.[command]) {
    problems.push(`pnpm ${command}: ${manifest.name} has no such script`);
  }
}

function checkCommand(command: string, file: string, problems: string[]): void {
  const words = command.split(/\s+/).filter((word) => !/^[A-Z_]+=/.test(word));
  const [program = "", ...args] = words;
  if (program === "npx" && args[0] === "-y" && args[1]?.startsWith("pnpm@")) {
    if (args[1] !== `pnpm@${pnpmVersion}`)
      problems.push(`${args[1]}: the repository uses pnpm@${pnpmVersion}`);
    checkPnpm(args.slice(2), problems);
  } else if (program === "pnpm") {
    checkPnpm(args, problems);
  } else if (program === "npx") {
    if (!bins.has(args[0] ?? "")) problems.push(`npx ${args[0]}: none of our packages has that bin`);
  } else if (program === "npm" && args[0] === "exec") {
    const name = args.find((word) => word.startsWith("--package="))?.slice("--package=".length);
    const bin = args[args.indexOf("--") + 1] ?? "";
    if (bins.get(bin)?.name !== name) problems.push(`npm exec: ${name} has no bin ${bin}`);
  } else if (program === "npm" && args[0] === "install") {
    for (const name of args.slice(1).filter((word) => !/^(?:-|\.|\/|file:)/.test(word))) {
      if (!knownPackages.has(name)) problems.push(`npm install ${name}: no manifest here names that package`);
    }
  } else if (program === "node") {
    const script = args.find((word) => !word.startsWith("-")) ?? "";
    if (!savedFiles(file).has(script)) problems.push(`node ${script}: no block on this page saves that file`);
  } else if (!OTHER_PROGRAMS.has(program)) {
    problems.push(`${program}: not a command this test knows how to hold`);
  }
}

/** What is wrong with a shell block's commands (empty when each names things that exist). */
export function commandProblems(block: DocBlock): string[] {
  const problems: string[] = [];
  const commands = block.code
    .split("\n")
    .map((line) => line.replace(/(?:^|\s+)#.*$/, "").trim())
    .filter((line) => line !== "")
    .flatMap((line) => line.split(/\s*(?:&&|\|\||;|\|)\s*/))
    .map((command) => command.replace(/\s*<\s*\S+$/, ""));
  for (const command of commands) checkCommand(command, block.file, problems);
  return problems;
}
