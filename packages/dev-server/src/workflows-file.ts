import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { WorkflowRegistry } from "./runner/workflow";

/**
 * Loads workflow implementations from a module: its default export, or its `workflows` export, is a
 * record of `async (inputs, ctx) => output` by workflow id.
 */
export async function loadWorkflowsFile(path: string): Promise<WorkflowRegistry> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as {
    default?: unknown;
    workflows?: unknown;
  };
  const registry = module.workflows ?? module.default;
  if (typeof registry !== "object" || registry === null) {
    throw new Error(`${path} must export (default or \`workflows\`) an object of workflow functions by id`);
  }
  for (const [id, implementation] of Object.entries(registry)) {
    if (typeof implementation !== "function") {
      throw new Error(
        `${path}: workflow ${id} must be a function (inputs, ctx) => output, received ${typeof implementation}`,
      );
    }
  }
  return registry as WorkflowRegistry;
}
