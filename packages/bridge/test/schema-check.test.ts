/** The fast schema check never calls a value valid that the full validator refuses, and does settle the common schemas. */
import { Validator, type Schema } from '@cfworker/json-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchemaCheck, usesRegExp } from '../src/schema-check';
import { validateAgainst } from '../src/validation';

const RUNS = Number(process.env.WEBMCP_FUZZ_RUNS ?? 1000);
// The validator's verdict; one that throws (a malformed schema) is not "valid".
const full = (schema: unknown, value: unknown) => {
  try {
    return new Validator(schema as Schema, '2020-12', false).validate(value).valid;
  } catch {
    return false;
  }
};

const names = fc.constantFrom('a', 'b', 'id', 'x', 'toString', '__proto__', 'é');
const primitive = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -4, max: 4 }), fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom('', 'a', 'ab', 'abc', '😀', '😀😀', '😀x'));
const typeName = fc.constantFrom('null', 'boolean', 'object', 'array', 'number', 'integer', 'string');
// A few keywords per schema, mostly ones the check compiles, now and then one it does not (it must then decline).
const { schema } = fc.letrec((tie) => {
  const keyword = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constant('type'), fc.oneof(typeName, fc.uniqueArray(typeName, { minLength: 1, maxLength: 3 }))) },
    { weight: 3, arbitrary: fc.tuple(fc.constant('properties'), fc.dictionary(names, tie('schema'), { maxKeys: 3 })) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('required'), fc.uniqueArray(names, { maxLength: 2 })) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('additionalProperties'), fc.oneof(fc.boolean(), tie('schema'))) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('items'), tie('schema')) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('enum'), fc.array(primitive, { minLength: 1, maxLength: 4 })) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('const'), primitive) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'), fc.integer({ min: -3, max: 3 })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('minLength', 'maxLength', 'minItems', 'maxItems'), fc.nat(3)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('description', 'title'), fc.string({ maxLength: 5 })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('minProperties', 'pattern', 'format', 'anyOf'), fc.constantFrom(1, '^a', 'email', [{ type: 'string' }])) },
  );
  return {
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(true, false),
      fc.array(keyword, { maxLength: 3 }).map((entries) => Object.fromEntries(entries) as Record<string, unknown>),
    ),
  };
});
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(names, tie('v'), { maxKeys: 4 }),
  ),
})).v;
// What tool arguments look like after JSON (own `__proto__` keys included).
const viaJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('fast schema check', () => {
  it('calls a value valid only when the full validator does (generated schemas and values)', () => {
    const seen = { compiled: 0, settled: 0, valid: 0 };
    // Besides the generated value, values on the edges of the generated bounds, alone and nested.
    const edges: unknown[] = [null, true, false, -1, 0, 1, 2, 3, 1.5, '', 'a', 'ab', 'abc', '😀', '😀😀', '😀x'];
    const around = (p: unknown) => [p, [p], [p, p], { a: p }, { id: p, x: p }, { __proto__: p }];
    const candidates = [{}, [], ...edges.flatMap(around)].map(viaJson);
    fc.assert(
      fc.property(schema, value, (s, raw) => {
        const sch = viaJson(s);
        const check = compileSchemaCheck(sch);
        if (check) seen.compiled++;
        for (const v of [viaJson(raw), ...candidates]) {
          const valid = full(sch, v);
          if (valid) seen.valid++;
          if (check?.(v)) {
            seen.settled++;
            if (!valid) throw new Error(`the check called ${JSON.stringify(v)} valid against ${JSON.stringify(sch)}; the validator does not`);
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: most schemas compile, and the check settles most of the valid values.
    expect(seen.compiled).toBeGreaterThan(RUNS / 2);
    expect(seen.settled).toBeGreaterThan(seen.valid / 2);
  });

  it('settles the valid arguments of common tool schemas, and declines what it does not know', () => {
    const tool = { type: 'object', properties: { q: { type: 'string', minLength: 1 }, n: { type: 'integer', minimum: 1, maximum: 10 }, tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 3 } }, required: ['q'], additionalProperties: false };
    const check = compileSchemaCheck(tool)!;
    expect(check({ q: 'x', n: 3, tags: ['a'] })).toBe(true);
    expect(check({ q: 'x', n: 3.5 })).toBe(false);
    expect(check({ q: 'x', extra: 1 })).toBe(false);
    expect(check({ n: 1 })).toBe(false);
    expect(check({ q: '😀', n: 10, tags: [] })).toBe(true);
    expect(compileSchemaCheck({ type: 'object', properties: { q: { type: 'string', pattern: '^a' } } })).toBeUndefined();
    expect(compileSchemaCheck({ type: 'object', anyOf: [] })).toBeUndefined();
    expect(compileSchemaCheck({ $ref: '#/$defs/x' })).toBeUndefined();
    // The validator throws on what JSON cannot hold: never "surely valid".
    expect(compileSchemaCheck({})!({ a: undefined })).toBe(true);
    expect(compileSchemaCheck({ properties: { a: {} } })!({ a: undefined })).toBe(false);
  });

  it('keeps the validator\'s messages for invalid arguments, fast-checked schema or not', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' }, nested: { type: 'object', properties: { b: { type: 'string' } } } }, required: ['a'] };
    expect(compileSchemaCheck(schema)).toBeDefined();
    expect(validateAgainst(schema, { a: 1, nested: { b: 'x' } })).toBeUndefined();
    expect(validateAgainst(schema, { a: 'x' })).toBe('a: expected number, got string');
    expect(validateAgainst(schema, { a: 1, nested: { b: 2 } })).toBe('nested.b: expected string, got number');
    expect(validateAgainst({ ...schema, additionalProperties: false }, { a: 1, zz: 1 })).toBe('zz: property is not allowed (additionalProperties is false)');
  });

  it('says which schemas need RE2 for their regular expressions', () => {
    expect(usesRegExp({ type: 'object', properties: { a: { type: 'string' } } })).toBe(false);
    expect(usesRegExp({ properties: { a: { items: { pattern: 'x' } } } })).toBe(true);
    expect(usesRegExp({ patternProperties: { '^a': {} } })).toBe(true);
    expect(usesRegExp({ properties: { d: { type: 'string', format: 'regex' } } })).toBe(true);
  });
});
