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
const WRAPPERS = /^(\$ref|\$dynamicRef|properties|patternProperties|additionalProperties|items|prefixItems|contains|allOf|dependentSchemas|unevaluated\w+|then|else)$/;

const cache = new Map<string, Validator | Error>();

/** `input.a[0]["odd key"]` for a JSON pointer, and the value found there. */
function locate(pointer: string, input: unknown): [string, unknown] {
  let path = 'input';
  let value = input;
  for (const part of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    value = (value as Record<string, unknown> | undefined)?.[key];
  }
  return [path, value];
}

/** Formats validation errors: `input.qty: expected integer, got string "2"; …`. */
export function formatValidationErrors(errors: readonly OutputUnit[], input: unknown): string {
  const leaves = errors.filter((unit) => !WRAPPERS.test(unit.keyword));
  return (leaves.length ? leaves : errors).slice(0, 5).map(({ keyword, error, instanceLocation }) => {
    const [path, value] = locate(instanceLocation.slice(1), input);
    const missing = /property "(.*)"/.exec(error)?.[1];
    if (keyword === 'required') return `${path}.${missing}: missing required property "${missing}"`;
    if (keyword === 'false') return `${path}: unexpected property (the schema allows no such property)`;
    const type = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    const got = value === undefined ? '' : `, got ${type} ${JSON.stringify(value)?.slice(0, 60)}`;
    const what = keyword === 'type' ? `expected ${/Expected (.*)\.$/.exec(error)?.[1]?.replace(/"/g, '')}` : error.replace(/\.$/, '');
    return `${path}: ${what}${got}`;
  }).join('; ');
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
