// `@leap-workflows/node/tracing`: core's OpenTelemetry tracing, so an application imports it from the package
// it installed. Loaded only when imported.
export * from "@leap-workflows/core/tracing";
