import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigurationError } from "@leap-workflows/core";
import type { WorkflowRegistry } from "./runner/workflow";
import { toWorkflowRegistry } from "./runner/workflow-registry";

/**
 * Loads workflow implementations from a module: its `workflows` export, or else its default export, is a
 * record of `async (inputs, ctx) => output` by workflow id, or a list of `implementWorkflow(...)` results.
 */
export async function loadWorkflowsFile(path: string): Promise<WorkflowRegistry> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as {
    default?: unknown;
    workflows?: unknown;
  };
  const exported = module.workflows ?? module.default;
  if (exported === undefined) {
    throw new ConfigurationError(
      `${path} must export (default or \`workflows\`) an object of workflow functions by id`,
    );
  }
  return toWorkflowRegistry(exported, path);
}
