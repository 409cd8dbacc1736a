export { createDevServer, type DevServer, type DevServerOptions } from "./dev-server";
export {
  BUILT_IN_WORKFLOWS,
  type WorkflowContext,
  type WorkflowImplementation,
  type WorkflowRegistry,
} from "./runner/workflow";
export type {
  DefinedWorkflowEntry,
  WorkflowEntry,
  WorkflowsOption,
} from "./runner/workflow-registry";
export { loadWorkflowsFile } from "./workflows-file";
