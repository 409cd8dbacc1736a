export { createDevServer, type DevServer, type DevServerOptions } from "./dev-server";
export { type ConsoleLoggerOptions, createConsoleLogger } from "./log/console-logger";
export type {
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
export { loadWorkflowsFile } from "./workflows-file";
