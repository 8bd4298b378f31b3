/** @module Argument and structured-result validation against a tool's JSON Schema. */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { withLinearRegExp } from './safe-patterns';
import { compileSchemaCheck, usesRegExp, type SchemaCheck } from './schema-check';

/** A schema's validator, its fast check (when it compiles) and whether its validation needs RE2. */
interface Compiled {
  validator: Validator;
  check?: SchemaCheck;
  regExp: boolean;
}

const cache = new Map<string, Compiled>();
// By schema object first: a tool's schema object lives as long as its tool list, and serializing it
// for the key on every call cost more than the validation of a small argument object.
const bySchema = new WeakMap<object, Compiled>();

function compiledFor(schema: object): Compiled {
  let c = bySchema.get(schema);
  if (c) return c;
  const key = JSON.stringify(schema);
  c = cache.get(key);
  if (!c) {
    c = { validator: new Validator(schema as Schema, '2020-12', false), check: compileSchemaCheck(schema), regExp: usesRegExp(schema) };
    if (cache.size > 2000) cache.clear();
    cache.set(key, c);
  }
  bySchema.set(schema, c);
  return c;
}

const WRAPPERS = new Set(['properties', 'allOf', 'anyOf', 'oneOf', '$ref', 'items', 'prefixItems', 'false', 'additionalItems', 'unevaluatedProperties']);

function field(base: string, name?: string): string {
  const path = base.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (name !== undefined) path.push(name);
  return path.length ? path.join('.') : '(root)';
}

function explain(e: OutputUnit): string {
  const quoted = /"([^"]*)"/.exec(e.error)?.[1];
  if (e.keyword === 'required') return `${field(e.instanceLocation, quoted)}: required property is missing`;
  if (e.keyword === 'additionalProperties') return `${field(e.instanceLocation, quoted)}: property is not allowed (additionalProperties is false)`;
  const type = /^Instance type "([^"]+)" is invalid\. Expected "([^"]+)"\.$/.exec(e.error);
  if (type) return `${field(e.instanceLocation)}: expected ${type[2]}, got ${type[1]}`;
  return `${field(e.instanceLocation)}: ${e.error}`;
}

function describe(errors: readonly OutputUnit[]): string {
  // The leaf errors name the offending field; wrapper errors above them only repeat it.
  const leaves = errors.filter((e) => !WRAPPERS.has(e.keyword));
  return [...new Set((leaves.length ? leaves : errors).map(explain))].slice(0, 5).join('; ');
}

// The outcome for `{}` (every call of an argument-free tool) per schema: the same schema gives the
// same answer, and a validation run cost ~6 µs of a ~0.5 ms call.
const emptyOutcome = new WeakMap<Compiled, string | undefined>();

const isEmptyObject = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const _ in value) return false;
  return true;
};

/**
 * Validates `value` against `schema`; returns a message naming the failing fields, or undefined.
 * A schema's fast check (see schema-check.ts) settles the common valid case; the full validator
 * runs otherwise, and for every invalid value, so the messages come from it alone. It runs with
 * RE2 for `RegExp` only when the schema names a pattern.
 */
export function validateAgainst(schema: object, value: unknown): string | undefined {
  let compiled: Compiled;
  let result;
  const empty = isEmptyObject(value);
  try {
    compiled = compiledFor(schema);
    if (empty && emptyOutcome.has(compiled)) return emptyOutcome.get(compiled);
    if (compiled.check?.(value)) return undefined;
    const { validator } = compiled;
    result = compiled.regExp ? withLinearRegExp(() => validator.validate(value)) : validator.validate(value);
  } catch (e) {
    return `schema could not be applied (${(e as Error).message})`;
  }
  const problem = result.valid ? undefined : describe(result.errors);
  if (empty) emptyOutcome.set(compiled, problem);
  return problem;
}
