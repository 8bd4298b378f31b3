/**
 * @module
 * The parts of Standard Schema (https://standardschema.dev) and Standard JSON Schema the helpers
 * use, so any conforming library works (zod ≥ 4.2 implements both) without importing one.
 */

/** One validation problem. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

/** Result of `~standard.validate`. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** A Standard Schema (`~standard` with `validate`), optionally with Standard JSON Schema. */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output };
    readonly jsonSchema?: {
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  };
}

/** The output type of a Standard Schema. */
export type InferOutput<S> = S extends StandardSchema<unknown, infer O> ? O : never;

/** True when `value` is a Standard Schema. */
export function isStandardSchema(value: unknown): value is StandardSchema {
  const std = (value as { '~standard'?: { validate?: unknown } } | null)?.['~standard'];
  return typeof std?.validate === 'function';
}

/** `a.b[0]: message` for a list of issues. */
export function formatIssues(issues: ReadonlyArray<StandardIssue>, root: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((part) => (typeof part === 'object' ? part.key : part))
        .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
        .join('');
      return `${root}${path}: ${issue.message}`;
    })
    .join('; ');
}
