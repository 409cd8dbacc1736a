export { createDevServer, type DevServer, type DevServerOptions } from "./dev-server";
export { type ConsoleLoggerOptions, createConsoleLogger } from "./log/console-logger";
export type {
  AbortedRequestLogEvent,
  DeliveryLogEvent,
  DevServerLogEvent,
  DevServerLogger,
  ErrorLogEvent,
  RequestLogEvent,
} from "./log/log-event";
export { builtInWorkflows } from "./runner/built-in-workflows";
export { type ImplementedWorkflow, implementWorkflow } from "./runner/implement-workflow";
export type { WorkflowContext, WorkflowImplementation, WorkflowRegistry } from "./runner/workflow";
export type {
  DefinedWorkflowEntry,
  DevServerWorkflows,
  WorkflowEntry,
} from "./runner/workflow-registry";
export {
  DataFolderError,
  DataFolderInUseError,
  DataFolderLayoutError,
} from "./store/data-folder-errors";
export type { DeliveryAttempt } from "./store/store";
export { loadWorkflowsFile } from "./workflows-file";
