/** @module Argument and structured-result validation against a tool's JSON Schema. */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { withLinearRegExp } from './safe-patterns';

const cache = new Map<string, Validator>();
// By schema object first: a tool's schema object lives as long as its tool list, and serializing it
// for the key on every call cost more than the validation of a small argument object.
const bySchema = new WeakMap<object, Validator>();

function validatorFor(schema: object): Validator {
  let v = bySchema.get(schema);
  if (v) return v;
  const key = JSON.stringify(schema);
  v = cache.get(key);
  if (!v) {
    v = new Validator(schema as Schema, '2020-12', false);
    if (cache.size > 2000) cache.clear();
    cache.set(key, v);
  }
  bySchema.set(schema, v);
  return v;
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

// The outcome for `{}` (every call of an argument-free tool) per validator: the same schema gives the
// same answer, and a validation run cost ~6 µs of a ~0.5 ms call.
const emptyOutcome = new WeakMap<Validator, string | undefined>();

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;

/** Validates `value` against `schema`; returns a message naming the failing fields, or undefined. */
export function validateAgainst(schema: object, value: unknown): string | undefined {
  let validator: Validator;
  let result;
  const empty = isEmptyObject(value);
  try {
    validator = validatorFor(schema);
    if (empty && emptyOutcome.has(validator)) return emptyOutcome.get(validator);
    result = withLinearRegExp(() => validator.validate(value));
  } catch (e) {
    return `schema could not be applied (${(e as Error).message})`;
  }
  const problem = result.valid ? undefined : describe(result.errors);
  if (empty) emptyOutcome.set(validator, problem);
  return problem;
}
