import { ApiFailure } from "./api-failure";
import { versionIdOf } from "./ids";
import type { WorkflowRegistry } from "./runner/workflow";

/** The workflows a run may name, each with its version id. */
export class KnownWorkflows {
  readonly #registry: WorkflowRegistry;
  readonly #versionIds = new Map<string, string>();

  constructor(registry: WorkflowRegistry) {
    this.#registry = registry;
  }

  /**
   * The version id of `workflowId` (a hash, computed once: it is on the path of every create); a 404 naming
   * the known workflows when this dev server has no such workflow.
   */
  versionId(workflowId: string): string {
    if (!Object.hasOwn(this.#registry, workflowId)) {
      const known = Object.keys(this.#registry).join(", ");
      throw new ApiFailure(
        404,
        "workflow_not_found",
        `No workflow ${workflowId}; this dev server knows: ${known}`,
      );
    }
    let id = this.#versionIds.get(workflowId);
    if (id === undefined) {
      id = versionIdOf(workflowId);
      this.#versionIds.set(workflowId, id);
    }
    return id;
  }
}
