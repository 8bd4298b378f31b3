/**
 * What runs is exactly what was checked and confirmed: `executeTool` snapshots the input, and no
 * global hands out a tool's unwrapped `execute`. Over the polyfill and layered over native.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setConfirmationHandler } from '../src/confirm-dialog';
import { defineTool, registerTools } from '../src/define-tool';
import { installModelContext } from '../src/install';
import { getTool, isNative } from './setup';

const registrations: Array<{ unregister(): void }> = [];
afterEach(() => {
  while (registrations.length) registrations.pop()?.unregister();
  setConfirmationHandler(null);
});
beforeAll(() => {
  installModelContext();
});

const schema = {
  type: 'object',
  properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1, maximum: 5 } },
  required: ['sku', 'qty'],
};

/** A state-changing tool that records what it ran with. */
function buyTool(ran: unknown[]) {
  return defineTool({
    name: 'buy',
    description: 'Buys',
    readOnly: false,
    inputSchema: schema,
    confirm: { message: (input) => `Buy ${String(input.qty)}?` },
    execute: (input) => {
      ran.push(input);
      return 'bought';
    },
  });
}

describe('executeTool runs the input as it was when called', () => {
  it('a caller that changes its object while the user confirms does not change what runs', async () => {
    const ran: unknown[] = [];
    const asked: string[] = [];
    let answer!: (ok: boolean) => void;
    setConfirmationHandler(({ message }) => {
      asked.push(message);
      return new Promise<boolean>((resolve) => { answer = resolve; });
    });
    registrations.push(await registerTools(buyTool(ran)));
    const input = { sku: 'tea', qty: 2 };
    const call = document.modelContext.executeTool(await getTool('buy'), input);
    await expect.poll(() => asked.length).toBe(1);
    input.qty = 1000;
    answer(true);
    await call;
    expect(asked).toEqual(['Buy 2?']);
    expect(ran).toEqual([{ sku: 'tea', qty: 2 }]);
  });

  it('a getter on the input is read once: the value validated is the value run', async () => {
    const ran: unknown[] = [];
    setConfirmationHandler(() => true);
    registrations.push(await registerTools(buyTool(ran)));
    let reads = 0;
    const input = { sku: 'tea', get qty() { return reads++ === 0 ? 3 : 1000; } };
    expect(await document.modelContext.executeTool(await getTool('buy'), input)).toBe('bought');
    expect(ran).toEqual([{ sku: 'tea', qty: 3 }]);
  });

  it('a toolactivated listener that changes the caller\'s object does not change what runs', async () => {
    const ran: unknown[] = [];
    registrations.push(await registerTools(defineTool({
      name: 'look', description: 'Looks', readOnly: true, inputSchema: schema,
      execute: async (input) => {
        await new Promise((resolve) => setTimeout(resolve));
        ran.push(input);
        return 'seen';
      },
    })));
    const input = { sku: 'tea', qty: 2 };
    const onActivated = () => { input.qty = 1000; };
    document.modelContext.addEventListener('toolactivated', onActivated);
    try {
      expect(await document.modelContext.executeTool(await getTool('look'), input)).toBe('seen');
    } finally {
      document.modelContext.removeEventListener('toolactivated', onActivated);
    }
    expect(ran).toEqual([{ sku: 'tea', qty: 2 }]);
  });
});

describe('no way around the checks', () => {
  it('a defined tool confirms only on an exact true from a host\'s requestUserInteraction', async () => {
    const ran: unknown[] = [];
    const tool = buyTool(ran);
    const signal = new AbortController().signal;
    for (const answer of [1, 'yes', {}, [true], 'true']) {
      const result = await tool.execute({ sku: 'tea', qty: 1 }, { signal, requestUserInteraction: async () => answer as never, reportProgress() {}, log() {}, sample: async () => ({}) as never, elicit: async () => ({}) as never });
      expect(result).toMatchObject({ isError: true });
    }
    expect(ran).toEqual([]);
    expect(await tool.execute({ sku: 'tea', qty: 1 }, { signal, requestUserInteraction: async () => true as never, reportProgress() {}, log() {}, sample: async () => ({}) as never, elicit: async () => ({}) as never })).toBe('bought');
    expect(ran).toHaveLength(1);
  });

  it.skipIf(isNative)('the registry the polyfill shares with same-origin frames hands out no execute', async () => {
    const ran: unknown[] = [];
    registrations.push(await registerTools(buyTool(ran)));
    const registry = (document.modelContext as unknown as Record<symbol, { entries(): Iterable<object>; get(name: string): object }>)[Symbol.for('webmcp-kit.registry')]!;
    for (const info of [...registry.entries(), registry.get('buy')]) {
      expect(info).not.toHaveProperty('execute');
      expect(Object.values(info).some((v) => typeof v === 'function')).toBe(false);
    }
    expect(ran).toEqual([]);
  });
});
