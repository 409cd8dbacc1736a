// The Standard Schema interface (https://standardschema.dev), declared here as the spec intends so
// that core depends on no schema library's types: zod 4 (classic and mini), valibot and arktype all
// implement it, and any of them can describe a workflow.

/** A schema any Standard Schema library produces (zod 4, valibot, arktype…). */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  /** The `~standard` property of a schema. */
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    /** Validates a value; resolves to the output or to the issues found. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  /** A validation's result. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  /** A value the schema accepted, as it outputs it. */
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  /** The problems that made the schema reject a value. */
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  /** One problem found by a schema. */
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** One step of an issue's path, as an object. */
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  /** The input and output types a schema carries, for inference only. */
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  /** What a schema accepts. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<
    Schema["~standard"]["types"]
  >["input"];
  /** What a schema produces. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<
    Schema["~standard"]["types"]
  >["output"];
}
