/**
 * @module
 * Input validation against a tool's `inputSchema` with `@cfworker/json-schema` (no `eval`, so it
 * works under a CSP without 'unsafe-eval'). Failures become a `DataError` (WebMCP proposal #289)
 * naming the path and what was expected.
 */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { domError } from './errors';

/** Checks one input; throws a `DataError` DOMException when it does not match. */
export type InputValidator = (input: unknown) => void;

// Keywords whose errors only say "a subschema failed"; the subschema's own error is more useful.
const WRAPPERS = new Set([
  'properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems', 'contains',
  '$ref', '$dynamicRef', 'allOf', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems', 'then', 'else',
]);

const cache = new Map<string, Validator | Error>();

function pathOf(unit: OutputUnit): string {
  const pointer = unit.instanceLocation.replace(/^#/, '');
  if (!pointer) return 'input';
  return 'input' + pointer.split('/').slice(1).map((part) => {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }).join('');
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function describe(unit: OutputUnit, input: unknown): string {
  let value: unknown = input;
  for (const part of unit.instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    value = (value as Record<string, unknown> | undefined)?.[decodeURIComponent(part)];
  }
  const got = value === undefined ? '' : `, got ${kind(value)} ${JSON.stringify(value)?.slice(0, 60)}`;
  switch (unit.keyword) {
    case 'false':
      return `unexpected property (the schema allows no such property)`;
    case 'type': {
      const expected = /Expected (.*)\.$/.exec(unit.error)?.[1] ?? '';
      return `expected ${expected.replace(/"/g, '')}${got}`;
    }
    case 'required': {
      const missing = /property "(.*)"/.exec(unit.error)?.[1];
      return `missing required property "${missing}"`;
    }
    default:
      return `${unit.error.replace(/\.$/, '')}${got}`;
  }
}

/** Formats validation errors: `input.qty: expected integer, got string "2"; …`. */
export function formatValidationErrors(errors: readonly OutputUnit[], input: unknown): string {
  const leaves = errors.filter((unit) => !WRAPPERS.has(unit.keyword));
  const shown = (leaves.length ? leaves : errors).slice(0, 5);
  const lines = shown.map((unit) => {
    const missing = unit.keyword === 'required' ? /property "(.*)"/.exec(unit.error)?.[1] : undefined;
    const where = missing === undefined ? pathOf(unit) : `${pathOf(unit)}.${missing}`;
    return `${where}: ${describe(unit, input)}`;
  });
  return lines.join('; ');
}

/**
 * Returns the validator for a schema (JSON text); schemas are compiled once and cached by text.
 * A schema the validator cannot use is reported at call time as a `DataError` about the schema.
 */
export function compileInputValidator(schemaJson: string | undefined, toolName: string): InputValidator {
  if (schemaJson === undefined) return () => {};
  let compiled = cache.get(schemaJson);
  if (!compiled) {
    try {
      compiled = new Validator(JSON.parse(schemaJson) as Schema, '2020-12', false);
    } catch (error) {
      compiled = error as Error;
    }
    if (cache.size > 500) cache.clear();
    cache.set(schemaJson, compiled);
  }
  const validator = compiled;
  return (input) => {
    let result: ReturnType<Validator['validate']> | undefined;
    let failure = validator instanceof Error ? validator : undefined;
    if (!failure) {
      try {
        result = (validator as Validator).validate(input);
      } catch (error) {
        failure = error as Error;
      }
    }
    if (failure) {
      throw domError('DataError', `Tool "${toolName}" has an inputSchema that cannot be used: ${failure.message}`);
    }
    if (result && !result.valid) {
      throw domError('DataError', `Invalid input for tool "${toolName}": ${formatValidationErrors(result.errors, input)}`);
    }
  };
}
