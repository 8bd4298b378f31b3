/**
 * Input validation on every call path, over the polyfill and over native Chromium (where
 * webmcp-kit layers it on: native WebMCP never checks input against inputSchema).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installModelContext } from '../src/install';
import { getTool, isNative, outcome, register } from './setup';

const schema = {
  type: 'object',
  properties: {
    sku: { type: 'string', minLength: 3 },
    qty: { type: 'integer', minimum: 1 },
    size: { enum: ['S', 'M', 'L'] },
    address: { type: 'object', properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' } }, required: ['zip'] },
    tags: { type: 'array', items: { type: 'string' } },
    email: { type: 'string', format: 'email' },
  },
  required: ['sku', 'qty'],
  additionalProperties: false,
};

beforeAll(() => {
  installModelContext();
});

describe('input validation (webmcp-kit, on native too)', () => {
  it.each([
    [{ qty: 1 }, 'input.sku: missing required property "sku"'],
    [{ sku: 'abc', qty: '2' }, 'input.qty: expected integer, got string "2"'],
    [{ sku: 'abc', qty: 0 }, 'input.qty: 0 is less than 1, got integer 0'],
    [{ sku: 'ab', qty: 1 }, 'input.sku: String is too short (2 < 3), got string "ab"'],
    [{ sku: 'abc', qty: 1, size: 'XL' }, 'input.size: Instance does not match any of ["S","M","L"], got string "XL"'],
    [{ sku: 'abc', qty: 1, address: { zip: 'x' } }, 'input.address.zip: String does not match pattern'],
    [{ sku: 'abc', qty: 1, address: {} }, 'input.address.zip: missing required property "zip"'],
    [{ sku: 'abc', qty: 1, tags: ['a', 2] }, 'input.tags[1]: expected string, got integer 2'],
    [{ sku: 'abc', qty: 1, extra: true }, 'input.extra: unexpected property'],
  ])('rejects %j with a DataError naming the path', async (input, message) => {
    let ran = false;
    await register({ name: 'order', inputSchema: schema, execute: () => { ran = true; return 'ok'; } });
    const result = await outcome(document.modelContext.executeTool(await getTool('order'), input));
    expect(result).toContain('DataError: Invalid input for tool "order": ');
    expect(result).toContain(message);
    expect(ran).toBe(false);
  });

  it('accepts valid input, and treats format as an annotation (JSON Schema 2020-12 default)', async () => {
    await register({ name: 'order', inputSchema: schema, execute: (input) => `ok ${String(input.qty)}` });
    const tool = await getTool('order');
    expect(await document.modelContext.executeTool(tool, { sku: 'abc', qty: 2, tags: ['x'], address: { zip: '12345' }, email: 'not-an-email' })).toBe('ok 2');
  });

  it('supports $ref / $defs schemas', async () => {
    await register({
      name: 'refs',
      inputSchema: { type: 'object', $defs: { pos: { type: 'integer', minimum: 1 } }, properties: { n: { $ref: '#/$defs/pos' } } },
    });
    expect(await outcome(document.modelContext.executeTool(await getTool('refs'), { n: -1 }))).toContain('input.n: -1 is less than 1');
    expect(await document.modelContext.executeTool(await getTool('refs'), { n: 1 })).toBe('ok');
  });

  it('validates calls that bypass our executeTool (the native agent path) before execute runs', async () => {
    let ran = false;
    await register({ name: 'guarded', inputSchema: schema, execute: () => { ran = true; return 'ok'; } });
    const tool = await getTool('guarded');
    const ModelContext = (window as unknown as { ModelContext: { prototype: { executeTool: typeof document.modelContext.executeTool } } }).ModelContext;
    const direct = ModelContext.prototype.executeTool.call(document.modelContext, tool, { qty: 'x' });
    // Native turns any error thrown by execute into its generic UnknownError; execute never ran.
    expect(await outcome(direct)).toBe(isNative
      ? 'UnknownError: Tool was executed but the invocation failed. For example, the script function threw an error'
      : 'DataError: Invalid input for tool "guarded": input.sku: missing required property "sku"; input.qty: expected integer, got string "x"');
    expect(ran).toBe(false);
  });

  it("keeps a failing tool's own error as the UnknownError's cause (native only logs it)", async () => {
    await register({ name: 'fails', execute: () => { throw new RangeError('out of stock'); } });
    let error: (DOMException & { cause?: Error }) | undefined;
    await document.modelContext.executeTool(await getTool('fails'), {}).catch((e: DOMException & { cause?: Error }) => (error = e));
    expect(error).toMatchObject({ name: 'UnknownError' });
    expect(error?.cause).toBeInstanceOf(RangeError);
    expect(error?.cause?.message).toBe('out of stock');
  });

  it('reports a schema the validator cannot use at call time, without running the tool', async () => {
    let ran = false;
    await register({ name: 'broken', inputSchema: { $ref: '#/nowhere' }, execute: () => { ran = true; return 'x'; } });
    const result = await outcome(document.modelContext.executeTool(await getTool('broken'), {}));
    expect(result).toMatch(/^DataError: Tool "broken" has an inputSchema that cannot be used: /);
    expect(ran).toBe(false);
  });

  it('rejects an already-aborted call as promptly as native: within one microtask, with the reason', async () => {
    await register({ name: 'prompt', inputSchema: schema });
    const tool = await getTool('prompt');
    let seen: unknown = 'pending';
    document.modelContext.executeTool(tool, { bad: true }, { signal: AbortSignal.abort('stop') }).catch((e: unknown) => (seen = e));
    await Promise.resolve();
    expect(seen).toBe('stop');
  });
});
