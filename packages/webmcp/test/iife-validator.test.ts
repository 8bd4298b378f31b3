/**
 * The IIFE's input validator is built differently from the ESM one (build.mjs shrinks it: the
 * validator's internal property names are mangled, its unread fields dropped), so here the built
 * bundle in real Chromium must give exactly the source's answer (error name and message, or
 * success) for schemas and inputs covering every keyword family.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { compileInputValidator } from '../src/input-validator';

const iifePath = fileURLToPath(new URL('../dist/webmcp.iife.js', import.meta.url));

const obj = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });
/** [schema, inputs]: each input is checked against the schema by both builds. */
const CASES: Array<[object, unknown[]]> = [
  [obj({ a: { type: 'number' }, b: { type: 'integer' } }, { required: ['a', 'b'] }), [{ a: 1, b: 2 }, { a: 'x' }, { b: 1.5 }, {}, { a: null, b: [] }]],
  [obj({ s: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z]+$' } }), [{ s: 'ab' }, { s: 'a' }, { s: 'abcd' }, { s: 'A1' }, { s: '😀😀' }]],
  [obj({ n: { type: 'number', minimum: 1, maximum: 5, exclusiveMinimum: 0, exclusiveMaximum: 6, multipleOf: 0.5 } }), [{ n: 2.5 }, { n: 0 }, { n: 7 }, { n: 1.25 }]],
  [obj({ e: { enum: ['x', 1, null, { k: [1] }] }, c: { const: { deep: [1, 2] } } }), [{ e: 'x', c: { deep: [1, 2] } }, { e: 'y' }, { e: { k: [1] }, c: { deep: [2, 1] } }]],
  [obj({ t: { type: ['string', 'null'] } }, { additionalProperties: false }), [{ t: null }, { t: 3 }, { t: 'x', extra: 1 }]],
  [obj({}, { patternProperties: { '^x-': { type: 'boolean' } }, additionalProperties: { type: 'string' }, propertyNames: { maxLength: 5 }, minProperties: 1, maxProperties: 2 }), [{ 'x-a': true }, { 'x-a': 1 }, { other: 2 }, {}, { a: 'a', b: 'b', c: 'c' }, { toolong: 'x' }]],
  [obj({ list: { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'number' }, minItems: 1, maxItems: 3, uniqueItems: true, contains: { const: 2 }, minContains: 1, maxContains: 1 } }), [{ list: ['a', 2] }, { list: [] }, { list: ['a', 'b'] }, { list: ['a', 2, 2] }, { list: ['a', 1, 3, 4] }]],
  [obj({ v: { anyOf: [{ type: 'string' }, { type: 'number' }] }, w: { oneOf: [{ minimum: 0 }, { maximum: 10 }] }, x: { allOf: [{ type: 'integer' }, { minimum: 3 }] }, y: { not: { type: 'null' } } }), [{ v: true }, { w: 5 }, { w: -1 }, { x: 2.5 }, { y: null }, { v: 'ok', w: 20, x: 4, y: 1 }]],
  [obj({ kind: { type: 'string' } }, { if: { properties: { kind: { const: 'card' } } }, then: { required: ['number'] }, else: { required: ['iban'] } }), [{ kind: 'card' }, { kind: 'bank' }, { kind: 'card', number: '4' }]],
  [obj({ a: {}, b: {} }, { dependentRequired: { a: ['b'] }, dependentSchemas: { b: { required: ['c'] } } }), [{ a: 1 }, { b: 1 }, { a: 1, b: 1, c: 1 }]],
  [obj({ a: { type: 'string' } }, { unevaluatedProperties: false, allOf: [{ properties: { b: { type: 'number' } } }] }), [{ a: 'x', b: 1 }, { a: 'x', z: 1 }]],
  [{ type: 'array', items: { type: 'string' }, unevaluatedItems: false }, [['x'], [1]]],
  [{ $defs: { pos: { type: 'integer', minimum: 1 }, addr: { $id: 'https://example.test/addr', type: 'object', required: ['city'], properties: { city: { $anchor: 'city', type: 'string' } } } }, ...obj({ qty: { $ref: '#/$defs/pos' }, to: { $ref: 'https://example.test/addr' }, town: { $ref: 'https://example.test/addr#city' } }) }, [{ qty: 0 }, { qty: 2, to: {} }, { to: { city: 5 } }, { town: 1 }, { qty: 1, to: { city: 'x' }, town: 'y' }]],
  [obj({ 'odd key': { type: 'string' }, 'a/b~c': { type: 'number' }, nested: obj({ deep: { type: 'array', items: obj({ z: { type: 'boolean' } }) } }) }), [{ 'odd key': 1 }, { 'a/b~c': 'x' }, { nested: { deep: [{ z: true }, { z: 'no' }] } }]],
  // An $id: the default base URI differs between Node and a page.
  [{ $id: 'https://example.test/root', $ref: '#/$defs/missing' }, [{}]],
  [{ type: 'object', properties: { a: false } }, [{ a: 1 }, {}]],
];

let browser: Browser;
let page: Page;
beforeAll(async () => {
  let bundle: string;
  try {
    bundle = readFileSync(iifePath, 'utf8');
  } catch {
    throw new Error(`${iifePath} is missing: run \`npm run build -w @webmcp-kit/webmcp\` first (npm test does)`);
  }
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  await page.route('http://localhost/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>v</title>' }));
  await page.goto('http://localhost/');
  await page.addScriptTag({ content: bundle });
});
afterAll(() => browser?.close());

/** `ok` or `Name: message`. */
function outcome(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

it('gives the same answer as the source validator for every keyword family', async () => {
  const fromBundle = await page.evaluate(async (cases) => {
    const mc = document.modelContext;
    const out: string[][] = [];
    for (const [i, [schema, inputs]] of cases.entries()) {
      await mc.registerTool({ name: `t${i}`, description: 'case', inputSchema: schema, execute: () => 'ok' });
      const tool = (await mc.getTools()).find((t) => t.name === `t${i}`)!;
      const answers: string[] = [];
      for (const input of inputs) {
        answers.push(await mc.executeTool(tool, input as Record<string, unknown>).then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`));
      }
      out.push(answers);
    }
    return out;
  }, CASES);
  const fromSource = CASES.map(([schema, inputs], i) => {
    const validate = compileInputValidator(JSON.stringify(schema), `t${i}`);
    return inputs.map((input) => outcome(() => validate(input)));
  });
  expect(fromBundle).toEqual(fromSource);
  // The cases do fail in many different ways (a check that cannot fail would prove nothing).
  expect(new Set(fromSource.flat()).size).toBeGreaterThan(40);
});
