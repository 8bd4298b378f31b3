/** @module Argument and structured-result validation against a tool's JSON Schema. */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';

const cache = new Map<string, Validator>();

function validatorFor(schema: object): Validator {
  const key = JSON.stringify(schema);
  let v = cache.get(key);
  if (!v) {
    v = new Validator(schema as Schema, '2020-12', false);
    if (cache.size > 2000) cache.clear();
    cache.set(key, v);
  }
  return v;
}

function describe(errors: readonly OutputUnit[]): string {
  // The deepest errors name the offending field; the wrapper errors above them only repeat it.
  const deepest = errors.filter((e) => !['properties', 'allOf', 'anyOf', '$ref', 'items', 'prefixItems'].includes(e.keyword));
  const chosen = (deepest.length ? deepest : errors).slice(0, 5);
  return chosen
    .map((e) => {
      const path = e.instanceLocation.replace(/^#\/?/, '').replace(/\//g, '.') || '(root)';
      return `${path}: ${e.error}`;
    })
    .join('; ');
}

/** Validates `value` against `schema`; returns a message naming the failing fields, or undefined. */
export function validateAgainst(schema: object, value: unknown): string | undefined {
  let result;
  try {
    result = validatorFor(schema).validate(value);
  } catch (e) {
    return `schema could not be applied (${(e as Error).message})`;
  }
  return result.valid ? undefined : describe(result.errors);
}
