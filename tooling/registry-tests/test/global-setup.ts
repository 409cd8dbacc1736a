import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { copyWorkspace, type Registry, release, startRegistry } from "./registry";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test registry and the first release published to it, shared by every test file. */
    published: {
      dir: string;
      registry: string;
      npmrc: string;
      token: string;
      copy: string;
      versions: Record<string, string>;
    };
  }
}

let registry: Registry | undefined;
let dir: string | undefined;

// One Verdaccio and one first release for all files: publishing is the slow part.
export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), "leap-registry-"));
  registry = await startRegistry(dir);
  const copy = await copyWorkspace(dir, registry);
  const versions = await release(copy, registry, {
    name: "through-a-registry",
    bump: "minor",
    summary: "Published through the registry round trip.",
  });
  project.provide("published", {
    dir,
    registry: registry.url,
    npmrc: registry.npmrc,
    token: registry.token,
    copy,
    versions,
  });
}

export async function teardown(): Promise<void> {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
